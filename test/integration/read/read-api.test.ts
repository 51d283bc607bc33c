/**
 * The read API on a local stack of its own: real events sent over HTTP with current timestamps,
 * stored by the real store, read back through the real read function. Each test uses accounts
 * of its own, so the listings of one do not see the agents of another.
 */
import type { LocalStack } from '../../../bin/local/stack';
import { endCall, LiveAgent, secondsBeforeNow, sendEvents } from '../../support/live-agents';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

interface AgentRow {
  agentLoginId: string;
  agentId: string;
  state: string;
  auxState?: string;
  activity: string;
  since: string;
  secondsInState: number;
  currentCallId?: string;
  stale: boolean;
  status: string;
}

async function read(path: string, headers: Record<string, string> = readToken()) {
  const response = await fetch(`${stack.endpoints.apiUrl}${path}`, { headers });
  const text = await response.text();
  return {
    status: response.status,
    cacheControl: response.headers.get('cache-control'),
    // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field
    body: JSON.parse(text) as any,
  };
}

const readToken = () => ({ authorization: `Bearer ${stack.endpoints.readToken}` });

async function agentsOf(accountId: string, query = ''): Promise<AgentRow[]> {
  const { status, body } = await read(`/v1/agents?accountId=${accountId}${query}`);
  expect(status).toBe(200);
  return body.agents;
}

async function sendAndStore(events: Record<string, unknown>[]): Promise<void> {
  await sendEvents(stack.endpoints, events);
  await waitUntilDrained(stack);
}

describe('GET /v1/agents, from real event sequences', () => {
  it("shows the vendor's example session ringing, then talking on its call, with time in state", async () => {
    const secondsAgo = secondsBeforeNow();
    const agent = new LiveAgent({
      accountId: 'acct-vendor',
      agentId: '1369310',
      agentLoginId: '612829048',
      username: 'agent@example.test',
    });
    await sendAndStore([
      agent.login(secondsAgo(120)),
      agent.move(secondsAgo(120), 'AVAILABLE'),
      agent.move(secondsAgo(119), 'AVAILABLE', 'Available'),
      agent.move(secondsAgo(60), 'TRANSITION'),
      agent.move(secondsAgo(60), 'ENGAGED', 'RINGING', '202008281319380132120000030797'),
    ]);
    expect(await agentsOf('acct-vendor')).toEqual([
      expect.objectContaining({ activity: 'ringing', auxState: 'RINGING' }),
    ]);
    await sendAndStore([
      agent.move(secondsAgo(30), 'ENGAGED', '', '202008281319380132120000030797'),
    ]);
    const { body, cacheControl } = await read('/v1/agents?accountId=acct-vendor');
    expect(cacheControl).toBe('no-store');
    expect(body.counts).toMatchObject({ talking: 1, ringing: 0 });
    const [row] = body.agents as AgentRow[];
    expect(row).toMatchObject({
      agentLoginId: '612829048',
      accountId: 'acct-vendor',
      agentId: '1369310',
      username: 'agent@example.test',
      status: 'LOGGED_IN',
      state: 'ENGAGED',
      activity: 'talking',
      since: secondsAgo(30).toISOString(),
      currentCallId: '202008281319380132120000030797',
      loginAt: expect.any(String),
      lastEventAt: expect.any(String),
      stale: false,
    });
    expect(row?.secondsInState).toBeGreaterThanOrEqual(30);
    expect(row?.secondsInState).toBeLessThan(30 + 120);
  });

  it('shows every activity of the table, each agent once, sorted by agent, with the counts', async () => {
    const secondsAgo = secondsBeforeNow();
    const account = 'acct-activities';
    const agent = (agentId: string) =>
      new LiveAgent({ accountId: account, agentId, agentLoginId: `9${agentId}` });
    const talking = agent('1001');
    const ringing = agent('1002');
    const wrapUp = agent('1003');
    const working = agent('1004');
    const available = agent('1005');
    const reserved = agent('1006');
    const onBreak = agent('1007');
    const meeting = agent('1008');
    const loggingIn = agent('1009');
    const loggedOut = agent('1010');
    const at = secondsAgo(300);
    const later = secondsAgo(200);
    await sendAndStore([
      ...[
        talking,
        ringing,
        wrapUp,
        working,
        available,
        reserved,
        onBreak,
        meeting,
        loggedOut,
      ].flatMap((live) => [live.login(at), live.move(at, 'AVAILABLE')]),
      loggingIn.login(at),
      talking.move(later, 'ENGAGED', '', 'call-talking'),
      ringing.move(later, 'ENGAGED', 'RNA-STATE', 'call-ringing'),
      // After-call work is WORKING, or an after-call-work aux whatever the base state.
      wrapUp.move(later, 'AVAILABLE', 'Wrap-Up'),
      working.move(later, 'WORKING'),
      reserved.move(later, 'TRANSITION'),
      onBreak.move(later, 'ON BREAK', 'Bathroom Break'),
      // A custom state: its name is the reason.
      meeting.move(later, 'Meeting'),
      loggedOut.logout(later),
    ]);
    const shown = (await agentsOf(account)).map((row) => [row.agentId, row.activity, row.state]);
    expect(shown).toEqual([
      ['1001', 'talking', 'ENGAGED'],
      ['1002', 'ringing', 'ENGAGED'],
      ['1003', 'after-call-work', 'AVAILABLE'],
      ['1004', 'after-call-work', 'WORKING'],
      ['1005', 'available', 'AVAILABLE'],
      ['1006', 'reserved', 'TRANSITION'],
      ['1007', 'away', 'ON BREAK'],
      ['1008', 'away', 'Meeting'],
      ['1009', 'logging-in', 'LOGIN'],
    ]);
    const { body } = await read(`/v1/agents?accountId=${account}&includeLoggedOut=true`);
    expect(body.agents.at(-1)).toMatchObject({
      agentId: '1010',
      activity: 'logged-out',
      state: 'LOGOUT',
      status: 'LOGGED_OUT',
      logoutAt: later.toISOString(),
    });
    expect(body.counts).toEqual({
      talking: 1,
      ringing: 1,
      'after-call-work': 2,
      available: 1,
      reserved: 1,
      away: 2,
      'logging-in': 1,
      'logged-out': 1,
    });
    const away = await agentsOf(account, '&activity=away');
    expect(away.map((row) => [row.state, row.auxState])).toEqual([
      ['ON BREAK', 'Bathroom Break'],
      ['Meeting', undefined],
    ]);
  });

  it('leaves out a session whose LOGOUT was missed once it is stale, and shows it greyed when asked', async () => {
    const secondsAgo = secondsBeforeNow();
    const account = 'acct-stale';
    const forgotten = new LiveAgent({ accountId: account, agentId: '2001', agentLoginId: '92001' });
    const current = new LiveAgent({ accountId: account, agentId: '2002', agentLoginId: '92002' });
    // Thirteen hours without an event: past the default STALE_AFTER_HOURS of 12.
    const longAgo = secondsAgo(13 * 3600);
    await sendAndStore([
      forgotten.login(longAgo),
      forgotten.move(longAgo, 'AVAILABLE'),
      current.login(secondsAgo(60)),
      current.move(secondsAgo(60), 'AVAILABLE'),
    ]);
    expect((await agentsOf(account)).map((row) => row.agentId)).toEqual(['2002']);
    const { body } = await read(`/v1/agents?accountId=${account}&includeStale=true`);
    expect(body.agents.map((row: AgentRow) => [row.agentId, row.stale])).toEqual([
      ['2001', true],
      ['2002', false],
    ]);
    // Stale sessions are listed, not counted: their activity is only the last one known.
    expect(body.counts.available).toBe(1);
  });

  it('shows an agent who logged in again after a missed LOGOUT once, with the new session', async () => {
    const secondsAgo = secondsBeforeNow();
    const account = 'acct-relogin';
    const first = new LiveAgent({ accountId: account, agentId: '3001', agentLoginId: '93001' });
    const second = new LiveAgent({ accountId: account, agentId: '3001', agentLoginId: '93002' });
    await sendAndStore([
      first.login(secondsAgo(3600)),
      first.move(secondsAgo(3600), 'ENGAGED', '', 'call-never-ended'),
      second.login(secondsAgo(600)),
      second.move(secondsAgo(600), 'AVAILABLE'),
    ]);
    expect(
      (await agentsOf(account, '&includeStale=true')).map((row) => [
        row.agentLoginId,
        row.activity,
      ]),
    ).toEqual([['93002', 'available']]);
  });
});

describe('a supervisor monitoring a call', () => {
  const account = 'acct-monitor';
  const agent = new LiveAgent({ accountId: account, agentId: '4001', agentLoginId: '94001' });
  const supervisor = new LiveAgent({ accountId: account, agentId: '4900', agentLoginId: '94900' });
  const callId = 'call-monitored-0001';

  it('shows both on the call while the supervisor listens in, then the call with its monitor', async () => {
    const secondsAgo = secondsBeforeNow();
    await sendAndStore([
      agent.login(secondsAgo(300)),
      agent.move(secondsAgo(300), 'AVAILABLE'),
      supervisor.login(secondsAgo(300)),
      supervisor.move(secondsAgo(300), 'AVAILABLE'),
      agent.move(secondsAgo(120), 'ENGAGED', '', callId),
      supervisor.move(secondsAgo(100), 'ENGAGED', 'Monitoring', callId),
    ]);
    expect(
      (await agentsOf(account)).map((row) => [row.agentId, row.activity, row.currentCallId]),
    ).toEqual([
      ['4001', 'talking', callId],
      ['4900', 'talking', callId],
    ]);

    await sendAndStore([
      supervisor.move(secondsAgo(90), 'AVAILABLE'),
      agent.move(secondsAgo(60), 'WORKING'),
      endCall({
        accountId: account,
        callId,
        gateId: 'gate-monitor',
        start: secondsAgo(125),
        seconds: 65,
        agentId: '4001',
      }),
      agent.move(secondsAgo(40), 'AVAILABLE'),
    ]);
    const { status, body } = await read(`/v1/calls/${callId}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      callId,
      accountId: account,
      callType: 'ACD',
      callState: 'ANSWERED',
      callStart: secondsAgo(125).toISOString(),
      gateId: 'gate-monitor',
      agentId: '4001',
      agentLoginId: '94001',
      talkSeconds: 60,
      afterCallWorkSeconds: 20,
      monitoredBy: {
        '94900': { agentId: '4900', talkSeconds: 10, afterCallWorkSeconds: 0 },
      },
      expiresAt: expect.any(Number),
    });
    // Internal bookkeeping stays inside.
    expect(JSON.stringify(body)).not.toMatch(/Key"|"version"/);

    const { body: detail } = await read('/v1/agents/94001');
    expect(detail.segments.map((segment: { activity: string }) => segment.activity)).toEqual([
      'available',
      'talking',
      'after-call-work',
      'available',
    ]);
    expect(detail.segments.at(-1)).not.toHaveProperty('end');
    expect(detail.segments[1]).toMatchObject({ callId, seconds: 60 });
  });
});

describe('GET /v1/queues/{gateId}/calls', () => {
  it('pages through a queue newest first with an opaque cursor, within [from, to)', async () => {
    const secondsAgo = secondsBeforeNow();
    const starts = [700, 600, 500, 400, 300, 200, 100].map((seconds) => secondsAgo(seconds));
    await sendAndStore(
      starts.map((start, index) =>
        endCall({
          accountId: 'acct-queue',
          callId: `call-page-${index}`,
          gateId: 'gate-paged',
          start,
          seconds: 30,
          agentId: index % 2 === 0 ? '5001' : undefined,
        }),
      ),
    );
    // [from, to): the newest call starts exactly at `to` and is left out.
    const from = encodeURIComponent(starts[0]?.toISOString() ?? '');
    const to = encodeURIComponent(starts[6]?.toISOString() ?? '');
    const pages: { callId: string; callStart: string }[][] = [];
    let cursor: string | undefined;
    do {
      const { status, body } = await read(
        `/v1/queues/gate-paged/calls?from=${from}&to=${to}&limit=4${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      pages.push(body.calls);
      cursor = body.next;
    } while (cursor !== undefined);
    expect(pages.map((page) => page.length)).toEqual([4, 2]);
    expect(pages.flat().map((call) => call.callId)).toEqual([
      'call-page-5',
      'call-page-4',
      'call-page-3',
      'call-page-2',
      'call-page-1',
      'call-page-0',
    ]);
    expect(pages[0]?.[0]).toEqual({
      callId: 'call-page-5',
      gateId: 'gate-paged',
      callStart: starts[5]?.toISOString(),
      callType: 'ACD',
      callState: 'ABANDONED',
      callDuration: 30,
    });
    const tampered = await read(
      `/v1/queues/gate-paged/calls?from=${from}&to=${to}&cursor=${Buffer.from('["x","y"]').toString('base64url')}`,
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.issues[0].path).toBe('cursor');
  });
});

describe('refusals', () => {
  it('answers 404 for an unknown session or call, naming the parameter', async () => {
    for (const [path, parameter] of [
      ['/v1/agents/no-such-login', 'agentLoginId'],
      ['/v1/calls/no-such-call', 'callId'],
    ]) {
      const { status, body } = await read(path as string);
      expect({ path, status, issue: body.issues[0].path }).toEqual({
        path,
        status: 404,
        issue: parameter,
      });
    }
  });

  it('answers 400 naming the parameter', async () => {
    for (const [path, parameter] of [
      ['/v1/agents?activity=lunch', 'activity'],
      ['/v1/agents?includeStale=1', 'includeStale'],
      ['/v1/agents?account=1', 'account'],
      ['/v1/queues/72992/calls?from=2026-01-01', 'to'],
      ['/v1/queues/72992/calls?from=2026-01-01&to=2026-01-02&limit=1000', 'limit'],
    ]) {
      const { status, body } = await read(path as string);
      expect({ path, status, body }).toEqual({
        path,
        status: 400,
        body: {
          error: 'invalid parameter',
          issues: [{ path: parameter, message: expect.any(String) }],
        },
      });
    }
  });

  it('refuses the webhook credential on the read routes, and the read token on the webhook routes', async () => {
    const secondsAgo = secondsBeforeNow();
    const { token, basicUser, basicPassword, readToken: readOnly } = stack.endpoints;
    const webhookForms = [
      { authorization: `Bearer ${token}` },
      { 'x-webhook-token': token },
      { authorization: `Basic ${Buffer.from(`${basicUser}:${basicPassword}`).toString('base64')}` },
    ];
    for (const path of [
      '/v1/agents',
      '/v1/agents/612829048',
      '/v1/calls/x',
      '/v1/queues/1/calls',
    ]) {
      for (const headers of [...webhookForms, {}]) {
        const { status, body } = await read(path, headers);
        expect({ path, headers, status, error: body.error }).toEqual({
          path,
          headers,
          status: 401,
          error: 'unauthorized',
        });
      }
    }
    const event = new LiveAgent({ accountId: 'acct-refused', agentId: '1', agentLoginId: '91' });
    const fields = event.login(secondsAgo(1));
    const readForms: Record<string, string>[] = [
      { authorization: `Bearer ${readOnly}` },
      { 'x-webhook-token': readOnly },
    ];
    for (const route of ['/v1/agent-events', '/v1/call-events', '/v1/events']) {
      for (const headers of readForms) {
        const response = await fetch(`${stack.endpoints.apiUrl}${route}`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify(fields),
        });
        expect({ route, headers, status: response.status }).toEqual({
          route,
          headers,
          status: 401,
        });
      }
    }
    // Nothing the refused requests carried was stored.
    await waitUntilDrained(stack);
    expect(await agentsOf('acct-refused', '&includeLoggedOut=true')).toEqual([]);
  });

  it('serves the board without a credential', async () => {
    const response = await fetch(stack.endpoints.boardUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await response.text()).toContain('<html');
  });
});
