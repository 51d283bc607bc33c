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

/** Parses the sender's timestamp; `undefined` when it is not a real calendar time. */
export function parseWallTime(text: string): WallTime | undefined {
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

function isCalendarTime(wall: WallTime): boolean {
  if (wall.month < 1 || wall.month > 12 || wall.day < 1) return false;
  const daysInMonth = new Date(Date.UTC(wall.year, wall.month, 0)).getUTCDate();
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
const offsetCache = new Map<string, number>();
const OFFSET_CACHE_LIMIT = 50_000;
/** No zone changes offset other than on a quarter hour, so one lookup serves 15 minutes. */
const OFFSET_BUCKET_MS = 15 * MINUTE_MS;

/** Minutes east of UTC in force in `zone` at `epochMs`. Cached: Intl is slow on the hot path. */
export function offsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 0;
  const bucket = Math.floor(epochMs / OFFSET_BUCKET_MS);
  const key = `${zone}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const offset = computeOffsetMinutes(zone, bucket * OFFSET_BUCKET_MS);
  if (offsetCache.size >= OFFSET_CACHE_LIMIT) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
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
