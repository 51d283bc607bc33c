/**
 * The sender writes `2020-06-30 19:44:30`: second resolution and no zone. These functions read
 * such a wall-clock time in an IANA zone and find the UTC instant, deterministically across DST.
 */

export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC when the text carried its own offset (`Z`, `+02:00`). */
  explicitOffsetMinutes?: number;
}

export interface ResolvedInstant {
  epochMs: number;
  /** The zone used, or the explicit offset the text carried. */
  timeZone: string;
  /** In a fall-back overlap: two instants matched and the earlier was taken. */
  ambiguous?: true;
  /** In a spring-forward gap: no instant matched; shifted forward by the gap. */
  shifted?: true;
}

const LOCAL_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:(Z)|([+-])(\d{2}):?(\d{2}))?$/;

let lastText = '';
let lastWall: WallTime | undefined;

/**
 * Parses the sender's timestamp; `undefined` when it is not a real calendar time. The last
 * result is remembered because validation and normalization read the same text in a row.
 */
export function parseWallTime(text: string): WallTime | undefined {
  if (text === lastText) return lastWall;
  lastText = text;
  lastWall = parseUncached(text);
  return lastWall;
}

function parseUncached(text: string): WallTime | undefined {
  const match = LOCAL_TIME.exec(text);
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s, fraction, zulu, sign, offH, offM] = match;
  const wall: WallTime = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    millisecond: fraction === undefined ? 0 : Math.floor(Number(`0.${fraction}`) * 1000),
  };
  if (!isCalendarTime(wall)) return undefined;
  if (zulu !== undefined) wall.explicitOffsetMinutes = 0;
  if (sign !== undefined) {
    const minutes = Number(offH) * 60 + Number(offM);
    if (minutes > 14 * 60) return undefined;
    wall.explicitOffsetMinutes = sign === '-' ? -minutes : minutes;
  }
  return wall;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isCalendarTime(wall: WallTime): boolean {
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  const leap = wall.year % 4 === 0 && (wall.year % 100 !== 0 || wall.year % 400 === 0);
  const daysInMonth = wall.month === 2 && leap ? 29 : (DAYS_IN_MONTH[wall.month - 1] ?? 31);
  return wall.day <= daysInMonth && wall.hour <= 23 && wall.minute <= 59 && wall.second <= 59;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

/**
 * The UTC instant of a wall time in `zone`. A repeated local time (fall-back) resolves to the
 * earlier instant, a skipped one (spring-forward) is shifted forward by the gap; both are flagged.
 */
export function resolveInstant(wall: WallTime, zone: string): ResolvedInstant {
  const wallAsUtc = Date.UTC(
    wall.year,
    wall.month - 1,
    wall.day,
    wall.hour,
    wall.minute,
    wall.second,
    wall.millisecond,
  );
  if (wall.explicitOffsetMinutes !== undefined) {
    return {
      epochMs: wallAsUtc - wall.explicitOffsetMinutes * MINUTE_MS,
      timeZone: formatOffset(wall.explicitOffsetMinutes),
    };
  }
  if (isUtc(zone)) return { epochMs: wallAsUtc, timeZone: zone };
  // Offsets stay within a day of UTC, so the instant lies within a day of the wall time read as
  // UTC, and only the offsets in force over those two days can match it.
  const from = wallAsUtc - DAY_MS;
  const to = wallAsUtc + DAY_MS;
  const steadyMs = steadyOffsetMs(zone, from, to);
  if (steadyMs !== undefined) return { epochMs: wallAsUtc - steadyMs, timeZone: zone };

  const { initialOffsetMs, changes } = offsetsBetween(zone, from, to);
  const candidates = new Set([initialOffsetMs, ...changes.map((change) => change.offsetMs)]);
  const matches = [...candidates]
    .map((offsetMs) => wallAsUtc - offsetMs)
    .filter((epochMs) => offsetMsAt(zone, epochMs) === wallAsUtc - epochMs)
    .sort((a, b) => a - b);
  const [earliest] = matches;
  if (earliest !== undefined) {
    return matches.length > 1
      ? { epochMs: earliest, timeZone: zone, ambiguous: true }
      : { epochMs: earliest, timeZone: zone };
  }
  // In the gap of a jump forward: read the wall time with the offset in force before the jump,
  // which lands the same distance past it (02:30 in a 02:00->03:00 gap becomes 03:30).
  const jump =
    changes.find(
      ({ at, previousOffsetMs, offsetMs }) =>
        at + previousOffsetMs <= wallAsUtc && wallAsUtc < at + offsetMs,
    ) ?? (changes[0] as OffsetChange);
  return { epochMs: wallAsUtc - jump.previousOffsetMs, timeZone: zone, shifted: true };
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(abs % 60).padStart(2, '0')}`;
}

interface OffsetChange {
  /** The first instant of the new offset. */
  readonly at: number;
  readonly previousOffsetMs: number;
  readonly offsetMs: number;
}

/** The offsets a zone uses in one UTC year: the offset at its start, then each change in it. */
interface ZoneYear {
  readonly zone: string;
  readonly from: number;
  readonly until: number;
  readonly initialOffsetMs: number;
  /** In time order; a change at the very start of the next year is the last one here. */
  readonly changes: readonly OffsetChange[];
}

const zoneYears = new Map<string, ZoneYear>();
const ZONE_YEAR_CACHE_LIMIT = 1_000;
/**
 * Samples three days apart find every offset change as long as a zone's changes are further
 * apart than that. Every zone's are from 2000 to 2040 (the nearest two, Brazil's in 2000, are a
 * week apart); a unit test checks this against every zone the runtime knows.
 */
const SAMPLE_STEP_MS = 3 * DAY_MS;

/**
 * The offset in force over all of [from, to] when no change falls in it and one year's table
 * covers it (the usual case, answered without allocating); undefined otherwise.
 */
function steadyOffsetMs(zone: string, from: number, to: number): number | undefined {
  const table = zoneYearAt(zone, from);
  if (to >= table.until) return undefined;
  let offsetMs = table.initialOffsetMs;
  for (const change of table.changes) {
    if (change.at > to) break;
    if (change.at > from) return undefined;
    offsetMs = change.offsetMs;
  }
  return offsetMs;
}

/** The offset in force at `from`, and every change in (from, to]. */
function offsetsBetween(
  zone: string,
  from: number,
  to: number,
): { initialOffsetMs: number; changes: OffsetChange[] } {
  const changes: OffsetChange[] = [];
  for (let year = yearOf(from); year <= yearOf(to); year++) {
    for (const change of zoneYear(zone, year).changes) {
      if (change.at > from && change.at <= to) changes.push(change);
    }
  }
  return { initialOffsetMs: offsetMsAt(zone, from), changes };
}

/** Minutes east of UTC in force in `zone` at `epochMs`. */
export function offsetMinutes(zone: string, epochMs: number): number {
  return isUtc(zone) ? 0 : Math.round(offsetMsAt(zone, epochMs) / MINUTE_MS);
}

/**
 * Milliseconds east of UTC in force in `zone` at `epochMs`. Intl is slow (microseconds a call),
 * so each zone's changes are found once per year and every later lookup is a short scan.
 */
function offsetMsAt(zone: string, epochMs: number): number {
  const table = zoneYearAt(zone, epochMs);
  let offsetMs = table.initialOffsetMs;
  for (const change of table.changes) {
    if (change.at > epochMs) break;
    offsetMs = change.offsetMs;
  }
  return offsetMs;
}

const isUtc = (zone: string) => zone === 'UTC' || zone === 'Etc/UTC';
const yearOf = (epochMs: number) => new Date(epochMs).getUTCFullYear();

let lastTable: ZoneYear | undefined;

/** Consecutive events are mostly of one zone and year: check the last table first. */
function zoneYearAt(zone: string, epochMs: number): ZoneYear {
  if (
    lastTable !== undefined &&
    lastTable.zone === zone &&
    epochMs >= lastTable.from &&
    epochMs < lastTable.until
  ) {
    return lastTable;
  }
  lastTable = zoneYear(zone, yearOf(epochMs));
  return lastTable;
}

function zoneYear(zone: string, year: number): ZoneYear {
  const key = `${zone}|${year}`;
  let table = zoneYears.get(key);
  if (table === undefined) {
    table = measureZoneYear(zone, year);
    if (zoneYears.size >= ZONE_YEAR_CACHE_LIMIT) zoneYears.clear();
    zoneYears.set(key, table);
  }
  return table;
}

function measureZoneYear(zone: string, year: number): ZoneYear {
  const from = Date.UTC(year, 0, 1);
  const until = Date.UTC(year + 1, 0, 1);
  const initialOffsetMs = intlOffsetMs(zone, from);
  const changes: OffsetChange[] = [];
  let previousAt = from;
  let previousOffsetMs = initialOffsetMs;
  while (previousAt < until) {
    const at = Math.min(previousAt + SAMPLE_STEP_MS, until);
    const offsetMs = intlOffsetMs(zone, at);
    if (offsetMs !== previousOffsetMs) {
      changes.push({
        at: firstSecondOf(zone, previousAt, at, previousOffsetMs),
        previousOffsetMs,
        offsetMs,
      });
    }
    previousAt = at;
    previousOffsetMs = offsetMs;
  }
  return { zone, from, until, initialOffsetMs, changes };
}

/** The first whole second in (low, high] whose offset differs from `offsetAtLow`. */
function firstSecondOf(zone: string, low: number, high: number, offsetAtLow: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > SECOND_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / SECOND_MS) * SECOND_MS;
    if (intlOffsetMs(zone, mid) === offsetAtLow) lo = mid;
    else hi = mid;
  }
  return hi;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** `GMT`, `GMT-05:00` or `GMT+05:45`, as ICU writes the long offset; seconds when there are any. */
const GMT_OFFSET = /GMT(?:([+-])(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/** The offset Intl (ICU's zone data) gives for `zone` at `epochMs`. */
function intlOffsetMs(zone: string, epochMs: number): number {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    formatters.set(zone, formatter);
  }
  const text = formatter.format(epochMs);
  const match = GMT_OFFSET.exec(text);
  if (match === null) throw new Error(`unexpected offset "${text}" for ${zone}`);
  const [, sign, hours, minutes, seconds] = match;
  if (sign === undefined) return 0;
  const magnitude =
    (Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds ?? 0)) * SECOND_MS;
  return sign === '-' ? -magnitude : magnitude;
}
