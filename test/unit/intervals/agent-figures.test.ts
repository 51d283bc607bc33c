import type { StoredCall } from '../../../lambdas/calls/stored-call';
import { agentIntervals } from '../../../lambdas/intervals/agent-figures';
import { dayIntervals, localDayOf } from '../../../lambdas/intervals/local-day';
import { rowAt, sessionOf } from './support/sessions';

const DAY = '2026-03-02';
const at = (time: string, date = DAY) => `${date}T${time}.000Z`;
const utcDay = (date = DAY) => dayIntervals(localDayOf(date, 'UTC'), 30);
const clock = (now: string) => ({ now, staleAfterHours: 12 });
const AGENT = { agentLoginId: 'L1', agentId: '1369310', username: 'agent@example.test' };
const SUPERVISOR = { agentLoginId: 'S1', agentId: '1400001', username: 'supervisor@example.test' };

describe('agent intervals: a call with a supervisor listening in', () => {
  const agent = sessionOf(AGENT, { loginAt: at('08:00:00'), logoutAt: at('09:00:00') }, [
    rowAt(at('08:00:00'), 'AVAILABLE'),
    rowAt(at('08:10:00'), 'TRANSITION'),
    rowAt(at('08:10:00'), 'ENGAGED', undefined, 'C1'),
    rowAt(at('08:20:00'), 'WORKING', 'WRAP-UP'),
    rowAt(at('08:25:00'), 'AVAILABLE', 'Available'),
    rowAt(at('08:40:00'), 'ON BREAK', 'Coffee'),
    rowAt(at('08:50:00'), 'AVAILABLE'),
    rowAt(at('09:00:00'), 'LOGOUT'),
  ]);
  const supervisor = sessionOf(SUPERVISOR, { loginAt: at('08:00:00'), logoutAt: at('08:30:00') }, [
    rowAt(at('08:00:00'), 'AVAILABLE'),
    rowAt(at('08:12:00'), 'ENGAGED', 'Monitoring', 'C1'),
    rowAt(at('08:18:00'), 'AVAILABLE'),
  ]);
  const call: StoredCall = {
    callId: 'C1',
    accountId: '15300002',
    callType: 'ACD',
    callState: 'ANSWERED',
    callStart: at('08:09:30'),
    gateId: '72992',
    agentId: AGENT.agentId,
    agentLoginId: 'L1',
    engagedAt: at('08:10:00'),
    talkSeconds: 600,
    afterCallWorkSeconds: 300,
    monitoredBy: ['S1'],
  };
  const rows = agentIntervals([supervisor, agent], [call], utcDay(), clock(at('12:00:00')));

  it('gives one row per agent and interval with logged-in time, by agent', () => {
    expect(rows.map((row) => [row.agentId, row.intervalStart])).toEqual([
      ['1369310', at('08:00:00')],
      ['1369310', at('08:30:00')],
      ['1400001', at('08:00:00')],
    ]);
  });

  it("counts the handler's talk, after-call work and the handled call", () => {
    expect(rows[0]).toEqual({
      agentId: '1369310',
      username: 'agent@example.test',
      intervalStart: at('08:00:00'),
      localStart: '2026-03-02T08:00:00+00:00',
      loggedInSeconds: 1800,
      availableSeconds: 900,
      talkSeconds: 600,
      afterCallWorkSeconds: 300,
      otherSeconds: 0,
      callsHandled: 1,
      stateSeconds: {
        AVAILABLE: 600,
        'AVAILABLE/Available': 300,
        ENGAGED: 600,
        'WORKING/WRAP-UP': 300,
      },
    });
    expect(rows[1]).toMatchObject({
      loggedInSeconds: 1800,
      availableSeconds: 1200,
      otherSeconds: 600,
      talkSeconds: 0,
      callsHandled: 0,
      stateSeconds: { AVAILABLE: 600, 'AVAILABLE/Available': 600, 'ON BREAK/Coffee': 600 },
    });
  });

  it("counts the supervisor's listening as other time, not talk nor a handled call", () => {
    expect(rows[2]).toMatchObject({
      agentId: '1400001',
      loggedInSeconds: 1800,
      availableSeconds: 1440,
      talkSeconds: 0,
      otherSeconds: 360,
      callsHandled: 0,
      stateSeconds: { AVAILABLE: 1440, 'ENGAGED/Monitoring': 360 },
    });
  });

  it('knows a monitor from the handling login even before monitoredBy lists it', () => {
    const { monitoredBy: _, ...handledByL1 } = call;
    const [, , supervisorRow] = agentIntervals(
      [supervisor, agent],
      [handledByL1],
      utcDay(),
      clock(at('12:00:00')),
    );
    expect(supervisorRow).toMatchObject({ talkSeconds: 0, otherSeconds: 360 });
  });
});

describe('agent intervals: sessions across midnight and missed LOGOUTs', () => {
  it('splits a session across midnight between the two days', () => {
    const session = sessionOf(
      AGENT,
      { loginAt: at('23:45:00', '2026-03-01'), logoutAt: at('00:20:00') },
      [rowAt(at('23:45:00', '2026-03-01'), 'AVAILABLE')],
    );
    const now = clock(at('12:00:00'));
    expect(
      agentIntervals([session], [], utcDay('2026-03-01'), now).map((row) => [
        row.intervalStart,
        row.loggedInSeconds,
      ]),
    ).toEqual([[at('23:30:00', '2026-03-01'), 900]]);
    expect(
      agentIntervals([session], [], utcDay(), now).map((row) => [
        row.intervalStart,
        row.loggedInSeconds,
        row.availableSeconds,
      ]),
    ).toEqual([[at('00:00:00'), 1200, 1200]]);
  });

  const missedLogout = sessionOf(AGENT, { loginAt: at('10:00:00') }, [
    rowAt(at('10:00:00'), 'AVAILABLE'),
    rowAt(at('10:30:00'), 'ON BREAK', 'Lunch'),
  ]);
  const loggedIn = (now: string) =>
    agentIntervals([missedLogout], [], utcDay(), clock(now)).map((row) => [
      row.intervalStart,
      row.loggedInSeconds,
    ]);

  it('counts a session without LOGOUT up to now while it is not stale', () => {
    expect(loggedIn(at('11:15:00'))).toEqual([
      [at('10:00:00'), 1800],
      [at('10:30:00'), 1800],
      [at('11:00:00'), 900],
    ]);
  });

  it('ends a stale session (no event for 12 hours) at its last event', () => {
    expect(loggedIn(at('22:30:00'))).toEqual([[at('10:00:00'), 1800]]);
  });

  it('counts overlapping sessions of one agent once: a new login ends the earlier session', () => {
    const earlier = sessionOf(AGENT, { loginAt: at('13:00:00') }, [
      rowAt(at('13:00:00'), 'AVAILABLE'),
    ]);
    const later = sessionOf(
      { ...AGENT, agentLoginId: 'L2' },
      { loginAt: at('13:20:00'), logoutAt: at('13:40:00') },
      [rowAt(at('13:20:00'), 'ON BREAK')],
    );
    const rows = agentIntervals([later, earlier], [], utcDay(), clock(at('14:00:00')));
    expect(
      rows.map((row) => [row.intervalStart, row.loggedInSeconds, row.availableSeconds]),
    ).toEqual([
      [at('13:00:00'), 1800, 1200],
      [at('13:30:00'), 600, 0],
    ]);
  });

  it("counts a handled call for the handler's agent even without that session", () => {
    const call: StoredCall = {
      callId: 'C7',
      accountId: '15300002',
      callStart: at('15:00:00'),
      agentId: '1369999',
      agentLoginId: 'L9',
      engagedAt: at('15:01:00'),
    };
    expect(agentIntervals([], [call], utcDay(), clock(at('16:00:00')))).toEqual([
      expect.objectContaining({ agentId: '1369999', callsHandled: 1, loggedInSeconds: 0 }),
    ]);
  });
});

describe('agent intervals on a 25-hour day', () => {
  it('keeps the repeated hour apart by its offset', () => {
    const session = sessionOf(
      AGENT,
      { loginAt: '2026-11-01T05:00:00.000Z', logoutAt: '2026-11-01T07:00:00.000Z' },
      [rowAt('2026-11-01T05:00:00.000Z', 'AVAILABLE')],
    );
    const grid = dayIntervals(localDayOf('2026-11-01', 'America/New_York'), 30);
    const rows = agentIntervals([session], [], grid, clock('2026-11-02T00:00:00.000Z'));
    expect(rows.map((row) => [row.localStart, row.loggedInSeconds])).toEqual([
      ['2026-11-01T01:00:00-04:00', 1800],
      ['2026-11-01T01:30:00-04:00', 1800],
      ['2026-11-01T01:00:00-05:00', 1800],
      ['2026-11-01T01:30:00-05:00', 1800],
    ]);
  });
});
