import type { EnvelopeOf } from '../events/envelope';
import { type OpenSession, staleLogouts } from '../sessions/inferred-logout';
import type { Clock } from '../sessions/staleness';

export interface SweepDependencies {
  /** The sessions the `byPresence` index lists as logged in (no scan). */
  openSessions(): Promise<OpenSession[]>;
  /** Resolves once the topic confirmed every event. */
  publish(events: readonly EnvelopeOf<'agent.logout'>[]): Promise<void>;
}

export interface SweepOutcome {
  /** Sessions listed as logged in. */
  readonly open: number;
  /** Event ids of the inferred logouts published. */
  readonly closed: readonly string[];
}

/**
 * One sweep: every open session with no event for the clock's `staleAfterHours` gets an inferred
 * logout, published on the events topic so the store applies it like any event and subscribers
 * learn it. Publishing again what an earlier sweep published (before the store closed the
 * session) repeats the same event ids, which the store and subscribers drop.
 */
export async function sweepStaleSessions(
  deps: SweepDependencies,
  clock: Clock,
): Promise<SweepOutcome> {
  const sessions = await deps.openSessions();
  const logouts = staleLogouts(sessions, clock);
  if (logouts.length > 0) await deps.publish(logouts);
  return { open: sessions.length, closed: logouts.map((logout) => logout.eventId) };
}
