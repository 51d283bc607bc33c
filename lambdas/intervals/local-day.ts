import { offsetMinutes, parseWallTime, resolveInstant } from '../events/local-time';
import { isValidTimeZone } from '../events/time-zones';
import { InvalidParameter } from './invalid-parameter';

/**
 * The **intervals of a local day**: `date` (`YYYY-MM-DD`) is a calendar day in the IANA zone
 * `timeZone`. It runs from the first instant of that date in the zone (local midnight; where a
 * clock change skips midnight, the instant the day begins) to the first instant of the next
 * date. Intervals of `minutes` (15 or 30) step through it in real time, so a day with a
 * spring-forward hour has 23 hours (46 half-hours, 92 quarter-hours), one with a fall-back hour
 * 25 (50 / 100), and zones with :30 or :45 offsets step from their own midnight. Each interval has
 * `intervalStart` and `intervalEnd` in ISO-8601 UTC and `localStart`, its start as local time with
 * the zone's offset at that instant (`2026-11-01T01:30:00-04:00`, then `2026-11-01T01:00:00-05:00`).
 * A day whose length is not a whole number of intervals (no zone today) ends with a shorter one.
 */
export const INTERVAL_MINUTES = [15, 30] as const;
export type IntervalMinutes = (typeof INTERVAL_MINUTES)[number];

export interface LocalDay {
  readonly date: string;
  readonly timeZone: string;
  /** First instant of the day, ISO-8601 UTC. */
  readonly start: string;
  /** First instant of the next day. */
  readonly end: string;
}

export interface Interval {
  readonly intervalStart: string;
  readonly intervalEnd: string;
  readonly localStart: string;
}

export interface DayIntervals {
  readonly day: LocalDay;
  readonly minutes: IntervalMinutes;
  readonly intervals: readonly Interval[];
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/** Throws `InvalidParameter` naming `date` or `timeZone` when they do not name a day. */
export function localDayOf(date: string, timeZone: string): LocalDay {
  const wall = DATE.test(date) ? parseWallTime(`${date} 00:00:00`) : undefined;
  // Date.UTC reads years below 100 as 19xx; no event predates 1970 anyway.
  if (wall === undefined || wall.year < 1970)
    throw new InvalidParameter('date', 'must be a calendar date YYYY-MM-DD');
  if (!isValidTimeZone(timeZone)) {
    throw new InvalidParameter('timeZone', 'must be an IANA time zone such as America/New_York');
  }
  const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day) + DAY_MS);
  const nextWall = parseWallTime(`${next.toISOString().slice(0, 10)} 00:00:00`);
  // A clock change that skips midnight shifts it to the instant the day begins.
  const startMs = resolveInstant(wall, timeZone).epochMs;
  const endMs = resolveInstant(nextWall ?? wall, timeZone).epochMs;
  return {
    date,
    timeZone,
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
  };
}

/** Throws `InvalidParameter` naming `minutes` unless it is 15 or 30. */
export function dayIntervals(day: LocalDay, minutes: number): DayIntervals {
  if (!INTERVAL_MINUTES.includes(minutes as IntervalMinutes)) {
    throw new InvalidParameter('minutes', `must be one of ${INTERVAL_MINUTES.join(', ')}`);
  }
  const stepMs = minutes * MINUTE_MS;
  const endMs = Date.parse(day.end);
  const intervals: Interval[] = [];
  for (let at = Date.parse(day.start); at < endMs; at += stepMs) {
    intervals.push({
      intervalStart: new Date(at).toISOString(),
      intervalEnd: new Date(Math.min(at + stepMs, endMs)).toISOString(),
      localStart: localIso(at, day.timeZone),
    });
  }
  return { day, minutes: minutes as IntervalMinutes, intervals };
}

/** The index of the interval holding `atMs`; `undefined` outside the day. */
export function intervalIndexAt(grid: DayIntervals, atMs: number): number | undefined {
  const startMs = Date.parse(grid.day.start);
  if (atMs < startMs || atMs >= Date.parse(grid.day.end)) return undefined;
  return Math.floor((atMs - startMs) / (grid.minutes * MINUTE_MS));
}

/** The part of [fromMs, toMs) in each interval it overlaps: `[index, milliseconds]`. */
export function* overlapsOf(
  grid: DayIntervals,
  fromMs: number,
  toMs: number,
): Generator<[index: number, ms: number]> {
  const startMs = Date.parse(grid.day.start);
  const stepMs = grid.minutes * MINUTE_MS;
  const from = Math.max(fromMs, startMs);
  const to = Math.min(toMs, Date.parse(grid.day.end));
  if (from >= to) return;
  const last = Math.floor((to - 1 - startMs) / stepMs);
  for (let index = Math.floor((from - startMs) / stepMs); index <= last; index++) {
    const intervalStart = startMs + index * stepMs;
    yield [index, Math.min(to, intervalStart + stepMs) - Math.max(from, intervalStart)];
  }
}

/** `2026-11-01T01:30:00-04:00`: the local wall time at `epochMs` and the offset in force. */
function localIso(epochMs: number, timeZone: string): string {
  const offset = offsetMinutes(timeZone, epochMs);
  const wall = new Date(epochMs + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${wall}${sign}${hours}:${minutes}`;
}
