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
  // Zones change offset at most once within a day around any instant, so the offsets a day
  // before and a day after are the only candidates.
  const offsetBefore = offsetMinutes(zone, wallAsUtc - DAY_MS);
  const offsetAfter = offsetMinutes(zone, wallAsUtc + DAY_MS);
  const viaBefore = wallAsUtc - offsetBefore * MINUTE_MS;
  if (offsetBefore === offsetAfter) return { epochMs: viaBefore, timeZone: zone };

  const viaAfter = wallAsUtc - offsetAfter * MINUTE_MS;
  const beforeMatches = offsetMinutes(zone, viaBefore) === offsetBefore;
  const afterMatches = offsetMinutes(zone, viaAfter) === offsetAfter;
  if (beforeMatches && afterMatches) {
    return { epochMs: Math.min(viaBefore, viaAfter), timeZone: zone, ambiguous: true };
  }
  if (beforeMatches) return { epochMs: viaBefore, timeZone: zone };
  if (afterMatches) return { epochMs: viaAfter, timeZone: zone };
  // In the gap: read the wall time with the offset in force before the jump, which lands
  // the same distance past the jump (02:30 in a 02:00->03:00 gap becomes 03:30).
  return { epochMs: viaBefore, timeZone: zone, shifted: true };
}

function formatOffset(minutes: number): string {
  if (minutes === 0) return 'UTC';
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hours = String(Math.floor(abs / 60)).padStart(2, '0');
  return `${sign}${hours}:${String(abs % 60).padStart(2, '0')}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The offsets a zone uses in one UTC year: `offsets[i]` applies from `starts[i]` on. */
interface ZoneYear {
  zone: string;
  from: number;
  until: number;
  starts: number[];
  offsets: number[];
}
const zoneYears = new Map<string, ZoneYear>();
const ZONE_YEAR_CACHE_LIMIT = 1_000;
/** Weekly samples find every offset change (zones change at most a few times a year). */
const SAMPLE_STEP_MS = 7 * DAY_MS;
/** Offsets change on a quarter hour, so transitions are searched to that precision. */
const QUARTER_HOUR_MS = 15 * MINUTE_MS;

/**
 * Minutes east of UTC in force in `zone` at `epochMs`. Intl is slow (microseconds a call), so
 * each zone's transitions are found once per year and every later lookup is a short scan.
 */
export function offsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const table = zoneYearAt(zone, epochMs);
  let index = 0;
  while (index + 1 < table.starts.length && (table.starts[index + 1] ?? 0) <= epochMs) index++;
  return table.offsets[index] ?? 0;
}

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
  const year = new Date(epochMs).getUTCFullYear();
  const key = `${zone}|${year}`;
  let table = zoneYears.get(key);
  if (table === undefined) {
    table = zoneYear(zone, year);
    if (zoneYears.size >= ZONE_YEAR_CACHE_LIMIT) zoneYears.clear();
    zoneYears.set(key, table);
  }
  lastTable = table;
  return table;
}

function zoneYear(zone: string, year: number): ZoneYear {
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  const table: ZoneYear = {
    zone,
    from: start,
    until: end,
    starts: [start],
    offsets: [computeOffsetMinutes(zone, start)],
  };
  let previousAt = start;
  let previousOffset = table.offsets[0] ?? 0;
  for (let at = Math.min(start + SAMPLE_STEP_MS, end); at <= end; ) {
    const offset = computeOffsetMinutes(zone, at);
    if (offset !== previousOffset) {
      table.starts.push(firstChange(zone, previousAt, at, previousOffset));
      table.offsets.push(offset);
    }
    previousAt = at;
    previousOffset = offset;
    if (at === end) break;
    at = Math.min(at + SAMPLE_STEP_MS, end);
  }
  return table;
}

/** The first quarter hour in (low, high] whose offset differs from `offsetAtLow`. */
function firstChange(zone: string, low: number, high: number, offsetAtLow: number): number {
  let lo = low;
  let hi = high;
  while (hi - lo > QUARTER_HOUR_MS) {
    const mid = lo + Math.floor((hi - lo) / 2 / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
    if (computeOffsetMinutes(zone, mid) === offsetAtLow) lo = mid;
    else hi = mid;
  }
  return hi;
}

function computeOffsetMinutes(zone: string, epochMs: number): number {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  const parts: Record<string, number> = {};
  for (const part of formatter.formatToParts(epochMs)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const localAsUtc = Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
  return Math.round((localAsUtc - epochMs) / MINUTE_MS);
}
