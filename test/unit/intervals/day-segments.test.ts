import { DAY_SEGMENT_COLUMNS, daySegments } from '../../../lambdas/intervals/day-segments';
import { localDayOf } from '../../../lambdas/intervals/local-day';
import { rowAt, sessionOf } from './support/sessions';

const clock = { now: '2026-03-03T12:00:00.000Z', staleAfterHours: 12 };
const AGENT = { agentLoginId: 'L1', agentId: '1369310' };

describe('day segments', () => {
  const acrossMidnight = sessionOf(
    AGENT,
    { loginAt: '2026-03-02T22:00:00.000Z', logoutAt: '2026-03-03T01:00:00.000Z' },
    [
      rowAt('2026-03-02T22:00:00.000Z', 'AVAILABLE'),
      rowAt('2026-03-02T23:30:00.000Z', 'ENGAGED', undefined, 'C1'),
      rowAt('2026-03-03T00:15:00.000Z', 'WORKING', 'Offhook Work'),
      rowAt('2026-03-03T00:20:00.000Z', 'AVAILABLE'),
    ],
  );

  it("lists the segments overlapping the day, clipped to it, in the columns' order", () => {
    const rows = daySegments([acrossMidnight], localDayOf('2026-03-02', 'UTC'), clock);
    expect(rows).toEqual([
      {
        agentId: '1369310',
        agentLoginId: 'L1',
        state: 'AVAILABLE',
        activity: 'available',
        start: '2026-03-02T22:00:00.000Z',
        end: '2026-03-02T23:30:00.000Z',
        seconds: 5400,
      },
      {
        agentId: '1369310',
        agentLoginId: 'L1',
        state: 'ENGAGED',
        activity: 'talking',
        start: '2026-03-02T23:30:00.000Z',
        end: '2026-03-03T00:00:00.000Z',
        seconds: 1800,
        callId: 'C1',
      },
    ]);
    expect(Object.keys(rows[1] ?? {})).toEqual(DAY_SEGMENT_COLUMNS.filter((c) => c !== 'auxState'));
  });

  it('lists a segment across midnight on the next day too, from midnight', () => {
    const rows = daySegments([acrossMidnight], localDayOf('2026-03-03', 'UTC'), clock);
    expect(
      rows.map(({ state, auxState, start, seconds }) => [state, auxState, start, seconds]),
    ).toEqual([
      ['ENGAGED', undefined, '2026-03-03T00:00:00.000Z', 900],
      ['WORKING', 'Offhook Work', '2026-03-03T00:15:00.000Z', 300],
      ['AVAILABLE', undefined, '2026-03-03T00:20:00.000Z', 2400],
    ]);
  });

  it('follows the local day of the zone asked for', () => {
    const rows = daySegments([acrossMidnight], localDayOf('2026-03-02', 'America/New_York'), clock);
    expect(rows.map((row) => row.seconds).reduce((a, b) => a + b, 0)).toBe(3 * 3600);
  });

  it("cuts an agent's earlier session at the next login, so segments never overlap", () => {
    const missedLogout = sessionOf(
      { ...AGENT, agentLoginId: 'L0' },
      { loginAt: '2026-03-02T20:00:00.000Z' },
      [rowAt('2026-03-02T20:00:00.000Z', 'ON BREAK', 'Coffee')],
    );
    // Not stale yet (6 hours without an event): without the next login it would last until now.
    const rows = daySegments([acrossMidnight, missedLogout], localDayOf('2026-03-02', 'UTC'), {
      ...clock,
      now: '2026-03-03T02:00:00.000Z',
    });
    expect(rows.map((row) => [row.agentLoginId, row.start, row.end])).toEqual([
      ['L0', '2026-03-02T20:00:00.000Z', '2026-03-02T22:00:00.000Z'],
      ['L1', '2026-03-02T22:00:00.000Z', '2026-03-02T23:30:00.000Z'],
      ['L1', '2026-03-02T23:30:00.000Z', '2026-03-03T00:00:00.000Z'],
    ]);
  });
});
