import {
  callDaysOf,
  mayOverlapDay,
  presencePartitionsOf,
} from '../../../lambdas/intervals/day-reads';
import { localDayOf } from '../../../lambdas/intervals/local-day';

const newYork = localDayOf('2026-11-01', 'America/New_York'); // 25 hours: 04:00Z to 05:00Z
const utc = localDayOf('2026-03-02', 'UTC');
const entry = (times: { loginAt?: string; logoutAt?: string }) => ({
  agentLoginId: '1',
  agentKey: '15300002#7',
  ...times,
});

describe('what a local day reads', () => {
  it('reads the calls of each UTC day the local day touches, DST days included', () => {
    expect(callDaysOf(utc)).toEqual(['2026-03-02']);
    expect(callDaysOf(newYork)).toEqual(['2026-11-01', '2026-11-02']);
    expect(callDaysOf(localDayOf('2026-03-08', 'America/New_York'))).toEqual([
      '2026-03-08',
      '2026-03-09',
    ]);
  });

  it('reads the open sessions and the logouts from the day through a day after it, not past now', () => {
    expect(presencePartitionsOf(newYork, '2026-12-01T00:00:00.000Z')).toEqual([
      'LOGGED_IN',
      'LOGGED_OUT#2026-11-01',
      'LOGGED_OUT#2026-11-02',
      'LOGGED_OUT#2026-11-03',
    ]);
    expect(presencePartitionsOf(utc, '2026-03-02T12:00:00.000Z')).toEqual([
      'LOGGED_IN',
      'LOGGED_OUT#2026-03-02',
    ]);
  });

  it.each([
    [
      'a session across the midnight the day starts with',
      { loginAt: '2026-03-01T22:00:00.000Z', logoutAt: '2026-03-02T02:00:00.000Z' },
      true,
    ],
    [
      'a session across the midnight the day ends with',
      { loginAt: '2026-03-02T22:00:00.000Z', logoutAt: '2026-03-03T02:00:00.000Z' },
      true,
    ],
    [
      'a session logged out before the day',
      { loginAt: '2026-03-01T08:00:00.000Z', logoutAt: '2026-03-01T23:59:59.000Z' },
      false,
    ],
    [
      'a session logged in after the day',
      { loginAt: '2026-03-03T00:00:00.000Z', logoutAt: '2026-03-03T08:00:00.000Z' },
      false,
    ],
    [
      'an open session (a missed LOGOUT) that began the evening before',
      { loginAt: '2026-03-01T20:00:00.000Z' },
      true,
    ],
    [
      'an open session that began more than a day before',
      { loginAt: '2026-02-28T23:59:59.000Z' },
      false,
    ],
    ['a session whose LOGIN is not stored', {}, true],
  ])('%s: %s', (_what, times, overlaps) => {
    expect(mayOverlapDay(entry(times), utc)).toBe(overlaps);
  });
});
