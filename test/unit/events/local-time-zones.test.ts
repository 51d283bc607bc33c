import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { resolveInstant, type WallTime } from '../../../lambdas/events/local-time';

/**
 * Every zone the runtime knows, around every offset change from 2000 to 2040: the wall times
 * just before, at, inside and after each gap or overlap resolve as the zone data says. The
 * changes come from a second account of the zone data (Date's rules, in a process of its own,
 * see test/support/zone-transitions.mjs); each resolved instant is also read back through Intl.
 */
type Change = [zone: string, at: number, previousOffsetMinutes: number, offsetMinutes: number];

const MINUTE_MS = 60_000;
const SECOND_MS = 1_000;

const { zones, changes } = JSON.parse(
  execFileSync(process.execPath, [join(__dirname, '..', '..', 'support', 'zone-transitions.mjs')], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
) as { zones: string[]; changes: Change[] };

const changesByZone = new Map<string, Change[]>();
for (const change of changes) {
  changesByZone.set(change[0], [...(changesByZone.get(change[0]) ?? []), change]);
}

function wallTimeOf(wallMs: number): WallTime {
  const date = new Date(wallMs);
  return {
    year: date.getUTCFullYear(),
    month: date.getUTCMonth() + 1,
    day: date.getUTCDate(),
    hour: date.getUTCHours(),
    minute: date.getUTCMinutes(),
    second: date.getUTCSeconds(),
    millisecond: 0,
  };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
/** The wall time Intl shows in `zone` at `epochMs`, as milliseconds of a UTC clock. */
function intlWallMs(zone: string, epochMs: number): number {
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
  for (const part of formatter.formatToParts(epochMs)) parts[part.type] = Number(part.value);
  return Date.UTC(
    parts.year ?? 0,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  );
}

interface Expected {
  readonly epochMs: number;
  readonly ambiguous: boolean;
  readonly shifted: boolean;
  /** How far past the wall time Intl shows the instant: the gap, for a skipped time. */
  readonly gapMs: number;
}

/** What the zone data says a wall time near one change means. */
function expected([zone, , previousMinutes, offsetMinutes]: Change, wallMs: number): Expected {
  const zoneChanges = changesByZone.get(zone) ?? [];
  const offsetMsAt = (epochMs: number) => {
    let offset = zoneChanges[0]?.[2] ?? previousMinutes;
    for (const [, changeAt, , after] of zoneChanges) {
      if (changeAt > epochMs) break;
      offset = after;
    }
    return offset * MINUTE_MS;
  };
  const previousMs = previousMinutes * MINUTE_MS;
  const matches = [...new Set([wallMs - previousMs, wallMs - offsetMinutes * MINUTE_MS])]
    .filter((epochMs) => offsetMsAt(epochMs) === wallMs - epochMs)
    .sort((a, b) => a - b);
  const [earliest] = matches;
  if (earliest === undefined) {
    // Skipped: read with the offset before the jump, so Intl shows it the gap later.
    const gapMs = (offsetMinutes - previousMinutes) * MINUTE_MS;
    return { epochMs: wallMs - previousMs, ambiguous: false, shifted: true, gapMs };
  }
  return { epochMs: earliest, ambiguous: matches.length > 1, shifted: false, gapMs: 0 };
}

describe('zone-less local times in every zone, around every offset change 2000-2040', () => {
  it('finds the changes the tests go through (a check on the second account itself)', () => {
    expect(zones.length).toBeGreaterThan(300);
    expect(changes.length).toBeGreaterThan(5_000);
    // The change of the reported fault: Casey went from +08 to +11 at 00:01 local time.
    expect(changes).toContainEqual([
      'Antarctica/Casey',
      Date.UTC(2020, 9, 3, 16, 1),
      8 * 60,
      11 * 60,
    ]);
  });

  it('resolves the wall times just before, at, inside and after each gap or overlap', () => {
    const failures: string[] = [];
    for (const change of changes) {
      const [zone, at, previousMinutes, offsetMinutes] = change;
      const oldWall = at + previousMinutes * MINUTE_MS;
      const newWall = at + offsetMinutes * MINUTE_MS;
      const wallTimes = new Set([
        oldWall - SECOND_MS,
        oldWall,
        oldWall + MINUTE_MS,
        Math.floor((oldWall + newWall) / 2 / SECOND_MS) * SECOND_MS,
        newWall - MINUTE_MS,
        newWall - SECOND_MS,
        newWall,
        newWall + SECOND_MS,
      ]);
      for (const wallMs of wallTimes) {
        const wanted = expected(change, wallMs);
        const resolved = resolveInstant(wallTimeOf(wallMs), zone);
        const right =
          resolved.epochMs === wanted.epochMs &&
          resolved.timeZone === zone &&
          (resolved.ambiguous ?? false) === wanted.ambiguous &&
          (resolved.shifted ?? false) === wanted.shifted &&
          // Read back through Intl: the wall time itself, or as far past it as the gap skips.
          intlWallMs(zone, resolved.epochMs) === wallMs + wanted.gapMs;
        if (!right) {
          failures.push(
            `${zone} ${new Date(wallMs).toISOString().slice(0, 19)}: ${JSON.stringify(resolved)}, expected ${JSON.stringify(wanted)}`,
          );
        }
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  });

  it('reads a time far from any change in every zone as Intl shows it', () => {
    const wallMs = Date.UTC(2024, 6, 15, 12, 34, 56);
    const failures = zones.filter((zone) => {
      const resolved = resolveInstant(wallTimeOf(wallMs), zone);
      return (
        intlWallMs(zone, resolved.epochMs) !== wallMs || resolved.ambiguous || resolved.shifted
      );
    });
    expect(failures).toEqual([]);
  });
});
