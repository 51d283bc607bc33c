import type { PresenceEntry } from '../sessions/current-sessions';
import { LOGGED_IN_PRESENCE, loggedOutPresence } from '../sessions/session-update';
import type { LocalDay } from './local-day';

/**
 * **What a local day reads, without a scan.** Sessions come from the sessions' `byPresence`
 * index (docs/tables.md), which already files every session by what bounds its time: open
 * sessions under `LOGGED_IN`, logged-out ones under the UTC day of their LOGOUT. Calls come from
 * the calls' `byDay` index, filed under the UTC day of their `callStart`.
 *
 * - A session counts for the day when its logged-in time can overlap it: logged out at or after
 *   the day's start and logged in (`loginAt`) before its end; or still open and logged in within
 *   `LONGEST_SESSION_HOURS` before the day's start up to its end. A session whose LOGIN is not
 *   stored is read whenever its partition is: its start is only known from its timeline.
 * - Logouts are read from the UTC day of the day's start through the UTC day of
 *   `LONGEST_SESSION_HOURS` after its end (or of now, if earlier): so a session is found whole
 *   when it lasted at most `LONGEST_SESSION_HOURS`, or is still open and began at most that long
 *   before the day. Longer sessions (a day-long missed LOGOUT on a later day's figures) are
 *   left out of the days beyond that reach.
 * - A call counts when its `callStart` lies within the day: one Query per UTC day the local day
 *   touches (one or two), on `callStart` between the day's first and last millisecond.
 */
export const LONGEST_SESSION_HOURS = 24;

const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

/** The `byPresence` partitions to read for `day` when asked at `now`, open sessions first. */
export function presencePartitionsOf(day: LocalDay, now: string): string[] {
  const lastLogoutMs = Math.min(
    Date.parse(day.end) + LONGEST_SESSION_HOURS * HOUR_MS,
    Date.parse(now),
  );
  return [LOGGED_IN_PRESENCE, ...logoutPartitionsOf(Date.parse(day.start), lastLogoutMs)];
}

/** The `byPresence` partitions of the sessions logged out from `fromMs` through `toMs`. */
export function logoutPartitionsOf(fromMs: number, toMs: number): string[] {
  return utcDaysOf(fromMs, toMs).map((utcDay) => loggedOutPresence(utcDay));
}

/** Whether the session of this index entry can have been logged in during `day`. */
export function mayOverlapDay(entry: PresenceEntry, day: LocalDay): boolean {
  if (entry.loginAt !== undefined && entry.loginAt >= day.end) return false;
  if (entry.logoutAt !== undefined) return entry.logoutAt >= day.start;
  const earliestLogin = new Date(
    Date.parse(day.start) - LONGEST_SESSION_HOURS * HOUR_MS,
  ).toISOString();
  return entry.loginAt === undefined || entry.loginAt >= earliestLogin;
}

/** The `byDay` partitions (UTC days, `YYYY-MM-DD`) that hold the calls started within `day`. */
export function callDaysOf(day: LocalDay): string[] {
  return utcDaysOf(Date.parse(day.start), Date.parse(day.end) - 1);
}

/** Each UTC day from the one holding `fromMs` through the one holding `toMs`. */
export function utcDaysOf(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  for (let at = Math.floor(fromMs / DAY_MS) * DAY_MS; at <= toMs; at += DAY_MS) {
    days.push(new Date(at).toISOString().slice(0, 10));
  }
  return days;
}
