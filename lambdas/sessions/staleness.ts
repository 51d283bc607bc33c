/**
 * A **stale** session is one with no LOGOUT and no event for `staleAfterHours` (default 12,
 * `STALE_AFTER_HOURS`): the agent's LOGOUT was missed. A stale session ends at its last event;
 * any other session without a LOGOUT is still logged in.
 */
export const DEFAULT_STALE_AFTER_HOURS = 12;

/** The times of a session item this reads (docs/tables.md, sessions). */
export interface SessionTimes {
  readonly loginAt?: string;
  readonly logoutAt?: string;
  readonly lastEventAt: string;
}

/** When the question is asked, and after how long without an event a session counts as stale. */
export interface Clock {
  readonly now: string;
  readonly staleAfterHours: number;
}

const HOUR_MS = 3_600_000;

export function isStale(session: SessionTimes, clock: Clock): boolean {
  return (
    session.logoutAt === undefined &&
    Date.parse(clock.now) - Date.parse(session.lastEventAt) >= clock.staleAfterHours * HOUR_MS
  );
}
