/**
 * The interval routes on a local stack (events over HTTP through ingest and the store) for the
 * days that are easy to get wrong: DST days in America/New_York, a session across midnight, a
 * missed LOGOUT, a supervisor listening in, an abandoned call with no agent, two queues in one
 * interval. The events are in the past: every session without a LOGOUT is stale by now.
 */
import type { LocalStack } from '../../../bin/local/stack';
import { endCall, LiveAgent, sendEvents } from '../../support/live-agents';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';

let stack: LocalStack;
const at = (iso: string) => new Date(iso);
const ACCOUNT = '15300002';

beforeAll(async () => {
  stack = await startTestStack();
  const night = new LiveAgent({ accountId: ACCOUNT, agentId: '101', agentLoginId: '9101' });
  const missed = new LiveAgent({ accountId: ACCOUNT, agentId: '102', agentLoginId: '9102' });
  const fallBack = new LiveAgent({ accountId: ACCOUNT, agentId: '103', agentLoginId: '9103' });
  const handler = new LiveAgent({ accountId: ACCOUNT, agentId: '104', agentLoginId: '9104' });
  const supervisor = new LiveAgent({ accountId: ACCOUNT, agentId: '105', agentLoginId: '9105' });
  await sendEvents(stack.endpoints, [
    // Across midnight UTC: 22:00 to 02:00.
    night.login(at('2026-03-09T22:00:00Z')),
    night.move(at('2026-03-09T22:00:00Z'), 'AVAILABLE'),
    night.move(at('2026-03-10T01:00:00Z'), 'ON BREAK', 'Coffee'),
    night.move(at('2026-03-10T02:00:00Z'), 'LOGOUT'),
    night.logout(at('2026-03-10T02:00:00Z')),
    // A missed LOGOUT: the last event at 09:00, nothing after.
    missed.login(at('2026-03-11T08:00:00Z')),
    missed.move(at('2026-03-11T08:00:00Z'), 'AVAILABLE'),
    missed.move(at('2026-03-11T09:00:00Z'), 'AWAY', 'Meeting'),
    // New York's fall-back night: logged in 01:30 EDT (05:30Z) to 01:30 EST (06:30Z).
    fallBack.login(at('2026-11-01T05:30:00Z')),
    fallBack.move(at('2026-11-01T05:30:00Z'), 'AVAILABLE'),
    fallBack.move(at('2026-11-01T06:30:00Z'), 'LOGOUT'),
    fallBack.logout(at('2026-11-01T06:30:00Z')),
    // One call on each of New York's DST days.
    endCall({
      accountId: ACCOUNT,
      callId: 'call-4',
      gateId: '700',
      start: at('2026-11-01T06:00:00Z'),
      seconds: 0,
    }),
    endCall({
      accountId: ACCOUNT,
      callId: 'call-5',
      gateId: '700',
      start: at('2026-03-08T12:00:00Z'),
      seconds: 0,
    }),
    // A call handled by 104 while supervisor 105 listens in; an abandoned call; a second queue.
    handler.login(at('2026-03-12T10:00:00Z')),
    supervisor.login(at('2026-03-12T10:00:00Z')),
    handler.move(at('2026-03-12T10:00:00Z'), 'AVAILABLE'),
    supervisor.move(at('2026-03-12T10:00:00Z'), 'AVAILABLE'),
    handler.move(at('2026-03-12T10:05:00Z'), 'ENGAGED', '', 'call-1'),
    supervisor.move(at('2026-03-12T10:06:00Z'), 'ENGAGED', 'Monitoring', 'call-1'),
    handler.move(at('2026-03-12T10:10:00Z'), 'WORKING', 'WRAP-UP'),
    supervisor.move(at('2026-03-12T10:10:00Z'), 'AVAILABLE'),
    endCall({
      accountId: ACCOUNT,
      callId: 'call-1',
      gateId: '500',
      start: at('2026-03-12T10:04:56Z'),
      seconds: 300,
      agentId: '104',
    }),
    handler.move(at('2026-03-12T10:11:00Z'), 'AVAILABLE'),
    endCall({
      accountId: ACCOUNT,
      callId: 'call-2',
      gateId: '500',
      start: at('2026-03-12T10:12:00Z'),
      seconds: 0,
    }),
    endCall({
      accountId: ACCOUNT,
      callId: 'call-3',
      gateId: '600',
      start: at('2026-03-12T10:20:00Z'),
      seconds: 0,
      callState: 'DEFLECTED',
    }),
    handler.move(at('2026-03-12T10:30:00Z'), 'LOGOUT'),
    handler.logout(at('2026-03-12T10:30:00Z')),
    supervisor.move(at('2026-03-12T10:30:00Z'), 'LOGOUT'),
    supervisor.logout(at('2026-03-12T10:30:00Z')),
  ]);
  await waitUntilDrained(stack);
}, 120_000);
afterAll(() => stack.stop());

async function rows(path: string) {
  const response = await fetch(`${stack.endpoints.apiUrl}${path}`, {
    headers: { authorization: `Bearer ${stack.endpoints.readToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { rows: Record<string, unknown>[] }).rows;
}

const total = (list: Record<string, unknown>[], field: string) =>
  list.reduce((sum, row) => sum + Number(row[field] ?? 0), 0);

describe('the interval routes on the days easy to get wrong', () => {
  it('split a session across midnight between the two days', async () => {
    const before = await rows('/v1/intervals/agents?date=2026-03-09&minutes=30&agentId=101');
    const after = await rows('/v1/intervals/agents?date=2026-03-10&minutes=30&agentId=101');
    expect(total(before, 'loggedInSeconds')).toBe(2 * 3600);
    expect(total(after, 'loggedInSeconds')).toBe(2 * 3600);
    expect(total(after, 'availableSeconds')).toBe(3600);
    const segments = await rows('/v1/segments?date=2026-03-10&agentId=101');
    expect(segments[0]).toMatchObject({
      state: 'AVAILABLE',
      start: '2026-03-10T00:00:00.000Z',
      end: '2026-03-10T01:00:00.000Z',
      seconds: 3600,
    });
    const previous = await rows('/v1/segments?date=2026-03-09&agentId=101');
    expect(previous.at(-1)).toMatchObject({ end: '2026-03-10T00:00:00.000Z', seconds: 7200 });
  });

  it('end a session whose LOGOUT was missed at its last event once it is stale', async () => {
    const agent = await rows('/v1/intervals/agents?date=2026-03-11&minutes=30&agentId=102');
    expect(total(agent, 'loggedInSeconds')).toBe(3600);
    expect(agent.map((row) => row.intervalStart)).toEqual([
      '2026-03-11T08:00:00.000Z',
      '2026-03-11T08:30:00.000Z',
    ]);
  });

  it('count 25 hours on the fall-back day and 23 on the spring-forward day in New York', async () => {
    const zone = 'timeZone=America/New_York';
    const fall = await rows(`/v1/intervals/queues?date=2026-11-01&minutes=30&${zone}`);
    expect(fall).toHaveLength(50);
    expect(fall.filter((row) => row.offered === 1).map((row) => row.localStart)).toEqual([
      '2026-11-01T01:00:00-05:00',
    ]);
    const spring = await rows(`/v1/intervals/queues?date=2026-03-08&minutes=15&${zone}`);
    expect(spring).toHaveLength(92);
    expect(spring.map((row) => row.localStart).slice(7, 9)).toEqual([
      '2026-03-08T01:45:00-05:00',
      '2026-03-08T03:00:00-04:00',
    ]);
    // The repeated hour of the fall-back night: the same local 01:30 twice, an hour apart.
    const agent = await rows(`/v1/intervals/agents?date=2026-11-01&minutes=30&${zone}`);
    expect(agent.map((row) => [row.localStart, row.loggedInSeconds])).toEqual([
      ['2026-11-01T01:30:00-04:00', 1800],
      ['2026-11-01T01:00:00-05:00', 1800],
    ]);
  });

  it('count a supervisor listening in as other time, not a handled call', async () => {
    const supervisor = await rows('/v1/intervals/agents?date=2026-03-12&minutes=30&agentId=105');
    // The handler's row is not the supervisor's to show, though the call is on both timelines.
    expect(supervisor.map((row) => row.agentId)).toEqual(['105']);
    expect(total(supervisor, 'talkSeconds')).toBe(0);
    expect(total(supervisor, 'callsHandled')).toBe(0);
    expect(supervisor[0]).toMatchObject({ otherSeconds: 240, availableSeconds: 1560 });
    const handler = await rows('/v1/intervals/agents?date=2026-03-12&minutes=30&agentId=104');
    expect(handler[0]).toMatchObject({
      talkSeconds: 300,
      afterCallWorkSeconds: 60,
      callsHandled: 1,
    });
  });

  it('count an abandoned call with no agent and the calls of two queues in one interval', async () => {
    const queues = await rows('/v1/intervals/queues?date=2026-03-12&minutes=30&timeZone=UTC');
    const tenOClock = queues.filter((row) => row.intervalStart === '2026-03-12T10:00:00.000Z');
    expect(tenOClock).toEqual([
      expect.objectContaining({
        gateId: '500',
        offered: 2,
        answered: 1,
        abandoned: 1,
        otherEnded: 0,
        answeredWithinThreshold: 1,
        serviceLevelPercent: 50,
        averageQueueSeconds: 4,
        averageTalkSeconds: 300,
        averageAfterCallWorkSeconds: 60,
        averageHandleSeconds: 360,
      }),
      expect.objectContaining({ gateId: '600', offered: 1, answered: 0, otherEnded: 1 }),
    ]);
    expect(tenOClock[1]).not.toHaveProperty('serviceLevelPercent');
  });
});
