import { InvalidParameter } from '../../../lambdas/intervals/invalid-parameter';
import {
  dayIntervals,
  intervalIndexAt,
  localDayOf,
  overlapsOf,
} from '../../../lambdas/intervals/local-day';

const intervalsOf = (date: string, timeZone: string, minutes: number) =>
  dayIntervals(localDayOf(date, timeZone), minutes).intervals;

describe('the intervals of a local day', () => {
  it('has 48 half-hours from local midnight on an ordinary day', () => {
    const intervals = intervalsOf('2026-03-02', 'America/New_York', 30);
    expect(intervals).toHaveLength(48);
    expect(intervals[0]).toEqual({
      intervalStart: '2026-03-02T05:00:00.000Z',
      intervalEnd: '2026-03-02T05:30:00.000Z',
      localStart: '2026-03-02T00:00:00-05:00',
    });
    expect(intervals.at(-1)?.intervalEnd).toBe('2026-03-03T05:00:00.000Z');
  });

  it('has 46 half-hours and 92 quarter-hours on the spring-forward day', () => {
    const halfHours = intervalsOf('2026-03-08', 'America/New_York', 30);
    expect(halfHours).toHaveLength(46);
    expect(intervalsOf('2026-03-08', 'America/New_York', 15)).toHaveLength(92);
    expect(halfHours.slice(3, 6).map((interval) => interval.localStart)).toEqual([
      '2026-03-08T01:30:00-05:00',
      '2026-03-08T03:00:00-04:00',
      '2026-03-08T03:30:00-04:00',
    ]);
    expect(halfHours.at(-1)?.intervalEnd).toBe('2026-03-09T04:00:00.000Z');
  });

  it('has 50 half-hours and 100 quarter-hours on the fall-back day, the repeated hour twice', () => {
    const halfHours = intervalsOf('2026-11-01', 'America/New_York', 30);
    expect(halfHours).toHaveLength(50);
    expect(intervalsOf('2026-11-01', 'America/New_York', 15)).toHaveLength(100);
    expect(halfHours.slice(2, 6).map((interval) => interval.localStart)).toEqual([
      '2026-11-01T01:00:00-04:00',
      '2026-11-01T01:30:00-04:00',
      '2026-11-01T01:00:00-05:00',
      '2026-11-01T01:30:00-05:00',
    ]);
    expect(halfHours[4]?.intervalStart).toBe('2026-11-01T06:00:00.000Z');
  });

  it('steps from midnight in a zone with a :45 offset', () => {
    const intervals = intervalsOf('2026-01-10', 'Asia/Kathmandu', 15);
    expect(intervals).toHaveLength(96);
    expect(intervals[0]).toEqual({
      intervalStart: '2026-01-09T18:15:00.000Z',
      intervalEnd: '2026-01-09T18:30:00.000Z',
      localStart: '2026-01-10T00:00:00+05:45',
    });
    expect(intervals[1]?.localStart).toBe('2026-01-10T00:15:00+05:45');
  });

  it('follows a half-hour clock change (Lord Howe Island: 24.5 hours)', () => {
    const intervals = intervalsOf('2026-04-05', 'Australia/Lord_Howe', 30);
    expect(intervals).toHaveLength(49);
    expect(intervals.slice(3, 6).map((interval) => interval.localStart)).toEqual([
      '2026-04-05T01:30:00+11:00',
      '2026-04-05T01:30:00+10:30',
      '2026-04-05T02:00:00+10:30',
    ]);
  });

  it('starts when the day begins where a clock change skips midnight (Santiago)', () => {
    const day = localDayOf('2026-09-06', 'America/Santiago');
    expect(day.start).toBe('2026-09-06T04:00:00.000Z');
    const intervals = dayIntervals(day, 30).intervals;
    expect(intervals).toHaveLength(46);
    expect(intervals[0]?.localStart).toBe('2026-09-06T01:00:00-03:00');
  });

  it('writes UTC with a zero offset', () => {
    expect(intervalsOf('2026-03-02', 'UTC', 30)[1]?.localStart).toBe('2026-03-02T00:30:00+00:00');
  });

  it.each([
    ['date', () => localDayOf('2026-02-30', 'UTC')],
    ['date', () => localDayOf('2026-3-2', 'UTC')],
    ['date', () => localDayOf('0099-03-02', 'UTC')],
    ['timeZone', () => localDayOf('2026-03-02', 'America/Nowhere')],
    ['minutes', () => dayIntervals(localDayOf('2026-03-02', 'UTC'), 20)],
  ])('refuses a bad %s, naming it', (parameter, compute) => {
    expect(compute).toThrow(InvalidParameter);
    expect(compute).toThrow(expect.objectContaining({ parameter }));
  });
});

describe('finding intervals', () => {
  const grid = dayIntervals(localDayOf('2026-11-01', 'America/New_York'), 30);
  const ms = (iso: string) => Date.parse(iso);

  it('finds the interval holding an instant, none outside the day', () => {
    expect(intervalIndexAt(grid, ms('2026-11-01T04:00:00.000Z'))).toBe(0);
    expect(intervalIndexAt(grid, ms('2026-11-01T06:29:59.000Z'))).toBe(4);
    expect(intervalIndexAt(grid, ms('2026-11-02T04:59:59.000Z'))).toBe(49);
    expect(intervalIndexAt(grid, ms('2026-11-01T03:59:59.000Z'))).toBeUndefined();
    expect(intervalIndexAt(grid, ms('2026-11-02T05:00:00.000Z'))).toBeUndefined();
  });

  it('cuts a span at interval boundaries and at the ends of the day', () => {
    expect([
      ...overlapsOf(grid, ms('2026-11-01T03:50:00.000Z'), ms('2026-11-01T05:10:00.000Z')),
    ]).toEqual([
      [0, 30 * 60_000],
      [1, 30 * 60_000],
      [2, 10 * 60_000],
    ]);
    expect([
      ...overlapsOf(grid, ms('2026-11-02T04:50:00.000Z'), ms('2026-11-02T06:00:00.000Z')),
    ]).toEqual([[49, 10 * 60_000]]);
    expect([
      ...overlapsOf(grid, ms('2026-11-01T05:00:00.000Z'), ms('2026-11-01T05:00:00.000Z')),
    ]).toEqual([]);
  });
});
