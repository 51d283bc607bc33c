import type { TimeZoneConfig } from '../../../lambdas/events/time-zones';
import type { QueueCallKey } from '../../../lambdas/platform/dynamodb/call-reader';
import type { ReadDependencies } from '../../../lambdas/read/route';
import { createRouter, type RoutedRequest } from '../../../lambdas/read/router';
import { cursorOf } from '../../../lambdas/read/routes/queue-calls';
import type { PresenceEntry } from '../../../lambdas/sessions/current-sessions';
import type { StoredSession } from '../../../lambdas/sessions/stored-session';
import type { TimelineRow } from '../../../lambdas/states/segments';

const TOKEN = 'read-token-0123456789abcdef';
const PREVIOUS = 'read-token-previous-0123456';
const NOW = new Date('2026-05-01T12:00:00.000Z');

const session = (agentLoginId: string, fields: Partial<StoredSession> = {}): StoredSession => ({
  agentLoginId,
  accountId: '15300002',
  agentId: agentLoginId.slice(-3),
  status: 'LOGGED_IN',
  loginAt: '2026-05-01T08:00:00.000Z',
  currentState: 'AVAILABLE',
  stateSince: '2026-05-01T11:59:00.000Z',
  lastEventAt: '2026-05-01T11:59:00.000Z',
  ...fields,
});

/** The tables, in memory, read the way the readers read them. */
class FakeTables {
  sessions: StoredSession[] = [];
  rows: Record<string, TimelineRow[]> = {};
  calls: Record<string, Record<string, unknown>> = {};
  readonly presenceQueries: string[] = [];
  queueCallsArgs: unknown[] = [];
  failing = false;
  staleAfterHours = 12;
  readonly dayCallQueries: unknown[][] = [];
  timeZones: TimeZoneConfig = { defaultZone: 'UTC', byAccount: {} };

  dependencies(): ReadDependencies {
    return {
      staleAfterHours: this.staleAfterHours,
      sessions: {
        presenceEntries: async (presence, accountId) => {
          this.fail();
          this.presenceQueries.push(`${presence}${accountId === undefined ? '' : ` ${accountId}`}`);
          return this.sessions
            .filter((stored) => this.presenceOf(stored) === presence)
            .filter((stored) => accountId === undefined || stored.accountId === accountId)
            .map(
              (stored): PresenceEntry => ({
                agentLoginId: stored.agentLoginId,
                agentKey: `${stored.accountId}#${stored.agentId}`,
                ...(stored.loginAt === undefined ? {} : { loginAt: stored.loginAt }),
                ...(stored.logoutAt === undefined ? {} : { logoutAt: stored.logoutAt }),
              }),
            );
        },
        sessions: async (ids) =>
          this.sessions.filter((stored) => ids.includes(stored.agentLoginId)),
        session: async (id) => this.sessions.find((stored) => stored.agentLoginId === id),
      },
      timeline: { rows: async (id) => this.rows[id] ?? [] },
      calls: {
        call: async (id) => this.calls[id] as never,
        queueCalls: async (...args) => {
          this.queueCallsArgs = args;
          const next: QueueCallKey = { callStart: '2026-05-01T09:00:00.000Z', callId: 'c9' };
          return { calls: [{ callId: 'c10', gateId: args[0] }], next };
        },
        dayCallIds: async (callDay, window, accountId) => {
          this.fail();
          this.dayCallQueries.push([callDay, window.from, window.through, accountId]);
          return [];
        },
        calls: async (ids) =>
          ids.flatMap((id) => (this.calls[id] === undefined ? [] : [this.calls[id] as never])),
      },
      timeZones: this.timeZones,
    };
  }

  private presenceOf(stored: StoredSession): string {
    return stored.logoutAt === undefined
      ? 'LOGGED_IN'
      : `LOGGED_OUT#${stored.logoutAt.slice(0, 10)}`;
  }

  private fail(): void {
    if (this.failing) throw new Error('ProvisionedThroughputExceededException');
  }
}

let tables: FakeTables;
let credentials: () => Promise<{ token: string }[]>;
beforeEach(() => {
  tables = new FakeTables();
  credentials = async () => [{ token: TOKEN }, { token: PREVIOUS }];
});

async function get(
  routeKey: string,
  options: {
    query?: string;
    path?: Record<string, string>;
    headers?: Record<string, string>;
  } = {},
) {
  const route = createRouter(
    tables.dependencies(),
    () => credentials(),
    () => NOW,
  );
  const request: RoutedRequest = {
    routeKey,
    rawQueryString: options.query ?? '',
    pathParameters: options.path,
    headers: options.headers ?? { authorization: `Bearer ${TOKEN}` },
  };
  const { response } = await route(request);
  return {
    status: response.statusCode,
    headers: response.headers ?? {},
    body:
      response.headers?.['content-type'] === 'application/json'
        ? JSON.parse(String(response.body))
        : response.body,
  };
}

describe('the read credential', () => {
  it('is a bearer token: the current one or, while rotating, the previous one', async () => {
    for (const token of [TOKEN, PREVIOUS]) {
      expect(
        (await get('GET /v1/agents', { headers: { authorization: `Bearer ${token}` } })).status,
      ).toBe(200);
    }
  });

  it('refuses a missing, wrong or webhook-style credential with 401 and the usual body', async () => {
    const refused: Record<string, string>[] = [
      {},
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `bearer` },
      { 'x-webhook-token': TOKEN },
      { authorization: `Basic ${Buffer.from(`engage:${TOKEN}`).toString('base64')}` },
    ];
    for (const headers of refused) {
      const answer = await get('GET /v1/agents', { headers });
      expect({ headers, status: answer.status, body: answer.body }).toEqual({
        headers,
        status: 401,
        body: {
          error: 'unauthorized',
          issues: [{ path: 'authorization', message: 'send Authorization: Bearer <read token>' }],
        },
      });
    }
  });

  it('answers 503 when the credential cannot be read, and the board needs none', async () => {
    credentials = async () => {
      throw new Error('secrets extension answered 500');
    };
    expect((await get('GET /v1/agents')).status).toBe(503);
    const board = await get('GET /board', { headers: {} });
    expect(board.status).toBe(200);
    expect(board.headers['content-type']).toBe('text/html; charset=utf-8');
  });
});

describe('GET /v1/agents', () => {
  it('lists each logged-in agent once, sorted by agent, with counts of the agents listed', async () => {
    tables.sessions = [
      session('612000010', { currentState: 'ENGAGED', currentCallId: 'c1' }),
      session('612000002', { currentState: 'ENGAGED', currentAuxState: 'RINGING' }),
      // Agent 002's older session, its LOGOUT missed: superseded by the newer login.
      session('611000002', { loginAt: '2026-05-01T07:00:00.000Z', currentState: 'Lunch' }),
      session('612000003', { currentState: undefined, stateSince: undefined }),
      session('612000004', { logoutAt: '2026-05-01T11:00:00.000Z', status: 'LOGGED_OUT' }),
    ];
    const { status, headers, body } = await get('GET /v1/agents');
    expect(status).toBe(200);
    expect(headers['cache-control']).toBe('no-store');
    expect(body.asOf).toBe(NOW.toISOString());
    expect(
      body.agents.map((agent: { agentId: string; activity: string }) => [
        agent.agentId,
        agent.activity,
      ]),
    ).toEqual([
      ['002', 'ringing'],
      ['003', 'logging-in'],
      ['010', 'talking'],
    ]);
    expect(body.counts).toEqual({
      talking: 1,
      ringing: 1,
      'after-call-work': 0,
      available: 0,
      reserved: 0,
      away: 0,
      'logging-in': 1,
      'logged-out': 0,
    });
    expect(tables.presenceQueries).toEqual(['LOGGED_IN']);
  });

  it('narrows to an account and an activity', async () => {
    tables.sessions = [
      session('612000001', { currentState: 'AVAILABLE' }),
      session('612000002', { currentState: 'ON BREAK' }),
      session('612000003', { accountId: '99', currentState: 'ON BREAK' }),
    ];
    const { body } = await get('GET /v1/agents', { query: 'accountId=15300002&activity=away' });
    expect(body.agents.map((agent: { agentLoginId: string }) => agent.agentLoginId)).toEqual([
      '612000002',
    ]);
    expect(body.counts.away).toBe(1);
    expect(body.counts.available).toBe(0);
    expect(tables.presenceQueries).toEqual(['LOGGED_IN 15300002']);
  });

  it('lists stale sessions only when asked, and never counts them', async () => {
    tables.sessions = [
      session('612000001'),
      session('612000002', {
        lastEventAt: '2026-04-30T20:00:00.000Z',
        stateSince: '2026-04-30T20:00:00.000Z',
      }),
    ];
    expect((await get('GET /v1/agents')).body.agents).toHaveLength(1);
    const { body } = await get('GET /v1/agents', { query: 'includeStale=true' });
    expect(body.agents.map((agent: { stale: boolean }) => agent.stale)).toEqual([false, true]);
    expect(body.counts.available).toBe(1);
  });

  it('lists agents logged out within STALE_AFTER_HOURS when asked, from each UTC day they span', async () => {
    // 13 hours back from noon: since 23:00 the day before.
    tables.staleAfterHours = 13;
    tables.sessions = [
      session('612000001'),
      session('612000002', { status: 'LOGGED_OUT', logoutAt: '2026-05-01T01:00:00.000Z' }),
      session('612000003', { status: 'LOGGED_OUT', logoutAt: '2026-04-30T23:30:00.000Z' }),
      session('612000004', { status: 'LOGGED_OUT', logoutAt: '2026-04-30T22:00:00.000Z' }),
    ];
    const { body } = await get('GET /v1/agents', { query: 'includeLoggedOut=true' });
    expect(
      body.agents.map((agent: { agentLoginId: string; activity: string }) => [
        agent.agentLoginId,
        agent.activity,
      ]),
    ).toEqual([
      ['612000001', 'available'],
      ['612000002', 'logged-out'],
      ['612000003', 'logged-out'],
    ]);
    expect(body.counts['logged-out']).toBe(2);
    expect(tables.presenceQueries.sort()).toEqual([
      'LOGGED_IN',
      'LOGGED_OUT#2026-04-30',
      'LOGGED_OUT#2026-05-01',
    ]);
    // activity=logged-out asks for them by itself.
    expect(
      (await get('GET /v1/agents', { query: 'activity=logged-out' })).body.agents,
    ).toHaveLength(2);
  });

  it.each([
    ['includeStale=yes', 'includeStale', 'must be true or false'],
    ['activity=busy', 'activity', 'must be one of talking, ringing'],
    ['accountId=', 'accountId', 'must not be empty'],
    ['accountId=1%232', 'accountId', 'must not contain #'],
    ['includeStale=true&includeStale=false', 'includeStale', 'given more than once'],
    ['includestale=true', 'includestale', 'unknown parameter'],
  ])('refuses %s with a 400 naming %s', async (query, parameter, reason) => {
    const { status, body } = await get('GET /v1/agents', { query });
    expect(status).toBe(400);
    expect(body.error).toBe('invalid parameter');
    expect(body.issues).toEqual([{ path: parameter, message: expect.stringContaining(reason) }]);
  });

  it('answers 503 when the tables cannot be read', async () => {
    tables.failing = true;
    const { status, body } = await get('GET /v1/agents');
    expect(status).toBe(503);
    expect(JSON.stringify(body)).not.toContain('Throughput');
  });
});

describe('GET /v1/agents/{agentLoginId}', () => {
  it('is the session with its segments, the last one open', async () => {
    tables.sessions = [session('612000001', { stateSince: '2026-05-01T11:00:00.000Z' })];
    tables.rows['612000001'] = [
      {
        occurredAt: '2026-05-01T11:00:00.000Z',
        timelineKey: '2026-05-01T11:00:00.000Z#20#e1',
        state: 'AVAILABLE',
      },
    ];
    const { status, body } = await get('GET /v1/agents/{agentLoginId}', {
      path: { agentLoginId: '612000001' },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      agentLoginId: '612000001',
      activity: 'available',
      secondsInState: 3600,
    });
    expect(body.segments).toEqual([
      {
        state: 'LOGIN',
        activity: 'logging-in',
        start: '2026-05-01T08:00:00.000Z',
        end: '2026-05-01T11:00:00.000Z',
        seconds: 10800,
      },
      { state: 'AVAILABLE', activity: 'available', start: '2026-05-01T11:00:00.000Z' },
    ]);
  });

  it('is 404 for an unknown session, naming the parameter', async () => {
    const { status, body } = await get('GET /v1/agents/{agentLoginId}', {
      path: { agentLoginId: 'nobody' },
    });
    expect(status).toBe(404);
    expect(body).toEqual({
      error: 'not found',
      issues: [{ path: 'agentLoginId', message: 'no session with this login id' }],
    });
  });
});

describe('GET /v1/calls/{callId}', () => {
  it('is 404 for an unknown call, and refuses query parameters', async () => {
    expect((await get('GET /v1/calls/{callId}', { path: { callId: 'none' } })).status).toBe(404);
    const { status, body } = await get('GET /v1/calls/{callId}', {
      path: { callId: 'x' },
      query: 'full=true',
    });
    expect(status).toBe(400);
    expect(body.issues[0].path).toBe('full');
  });
});

describe('GET /v1/queues/{gateId}/calls', () => {
  const route = 'GET /v1/queues/{gateId}/calls';
  const window = 'from=2026-05-01T00:00:00Z&to=2026-05-02';

  it('reads [from, to) newest first, 100 by default, and hands out the next cursor', async () => {
    const { status, body } = await get(route, { path: { gateId: '72992' }, query: window });
    expect(status).toBe(200);
    expect(tables.queueCallsArgs).toEqual([
      '72992',
      { from: '2026-05-01T00:00:00.000Z', through: '2026-05-01T23:59:59.999Z' },
      100,
      undefined,
    ]);
    expect(body).toEqual({
      calls: [{ callId: 'c10', gateId: '72992' }],
      next: cursorOf({ callStart: '2026-05-01T09:00:00.000Z', callId: 'c9' }),
    });
    await get(route, { path: { gateId: '72992' }, query: `${window}&limit=5&cursor=${body.next}` });
    expect(tables.queueCallsArgs.slice(2)).toEqual([
      5,
      { callStart: '2026-05-01T09:00:00.000Z', callId: 'c9' },
    ]);
  });

  it.each([
    ['to=2026-05-02', 'from', 'required'],
    ['from=yesterday&to=2026-05-02', 'from', 'ISO-8601'],
    ['from=2026-05-01T00:00:00&to=2026-05-02', 'from', 'with its zone'],
    ['from=2026-05-02&to=2026-05-01', 'to', 'later than from'],
    [`${window}&limit=0`, 'limit', 'from 1 to 500'],
    [`${window}&limit=501`, 'limit', 'from 1 to 500'],
    [`${window}&limit=2.5`, 'limit', 'whole number'],
    [`${window}&cursor=abc`, 'cursor', 'not a cursor'],
    [
      `${window}&cursor=${cursorOf({ callStart: '2026-06-01T00:00:00.000Z', callId: 'c' })}`,
      'cursor',
      'not a cursor',
    ],
    [
      `${window}&cursor=${cursorOf({ callStart: '2026-05-01T09:00:00.000Z', callId: 'c' })}x`,
      'cursor',
      'not a cursor',
    ],
  ])('refuses %s with a 400 naming %s', async (query, parameter, reason) => {
    const { status, body } = await get(route, { path: { gateId: '72992' }, query });
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: parameter, message: expect.stringContaining(reason) }]);
  });
});

describe('the interval routes', () => {
  const asked = (query: string) => get('GET /v1/intervals/queues', { query });

  it.each([
    ['minutes=30', 'date', /required/],
    ['date=2026-13-01&minutes=30', 'date', /YYYY-MM-DD/],
    ['date=2026-03-02', 'minutes', /required/],
    ['date=2026-03-02&minutes=20', 'minutes', /15, 30/],
    ['date=2026-03-02&minutes=30&timeZone=Mars/Olympus', 'timeZone', /IANA/],
    ['date=2026-03-02&minutes=30&serviceLevelSeconds=-1', 'serviceLevelSeconds', /whole number/],
    ['date=2026-03-02&minutes=30&format=xml', 'format', /json, csv/],
    ['date=2026-03-02&minutes=30&accountId=a%23b', 'accountId', /#/],
    ['date=2026-03-02&minutes=30&agentId=7', 'agentId', /unknown parameter/],
    ['date=2026-03-02&minutes=30&date=2026-03-03', 'date', /more than once/],
  ])('answer %s with a 400 naming %s', async (query, parameter, message) => {
    const { status, body } = await asked(query);
    expect(status).toBe(400);
    expect(body.issues).toEqual([{ path: parameter, message: expect.stringMatching(message) }]);
  });

  it('read the day in the account zone by default, else SOURCE_TIME_ZONE', async () => {
    tables.timeZones = { defaultZone: 'America/Chicago', byAccount: { '15300002': 'Asia/Tokyo' } };
    const own = await asked('date=2026-03-02&minutes=30&accountId=15300002');
    expect(own.body).toMatchObject({
      timeZone: 'Asia/Tokyo',
      start: '2026-03-01T15:00:00.000Z',
      accountId: '15300002',
    });
    const other = await asked('date=2026-03-02&minutes=30');
    expect(other.body).toMatchObject({
      timeZone: 'America/Chicago',
      start: '2026-03-02T06:00:00.000Z',
    });
    // A Tokyo day spans two UTC days: both of the index's partitions, within the day.
    expect(tables.dayCallQueries.slice(0, 2)).toEqual([
      ['2026-03-01', '2026-03-01T15:00:00.000Z', '2026-03-02T14:59:59.999Z', '15300002'],
      ['2026-03-02', '2026-03-01T15:00:00.000Z', '2026-03-02T14:59:59.999Z', '15300002'],
    ]);
  });

  it('answer CSV for format=csv or Accept: text/csv, JSON otherwise', async () => {
    const csv = await get('GET /v1/segments', {
      query: 'date=2026-03-02',
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/csv' },
    });
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toBe(
      'attachment; filename="segments-2026-03-02.csv"',
    );
    expect(csv.body).toBe(
      'agentId,agentLoginId,state,auxState,activity,start,end,seconds,callId\r\n',
    );
    const json = await get('GET /v1/segments', {
      query: 'date=2026-03-02&format=json',
      headers: { authorization: `Bearer ${TOKEN}`, accept: 'text/csv' },
    });
    expect(json.body.rows).toEqual([]);
  });

  it('need the read token', async () => {
    const { status } = await get('GET /v1/intervals/agents', {
      query: 'date=2026-03-02&minutes=30',
      headers: {},
    });
    expect(status).toBe(401);
  });
});
