import { hash } from 'node:crypto';
import type { EnvelopeOf } from '../events/envelope';
import { type InferredReason, SCHEMA_VERSION } from '../events/kinds';
import { sessionSequence } from '../events/sequence';
import { SESSION_STATUS } from './session-update';
import { type Clock, isStale } from './staleness';

/** What an inferred logout needs of an open session (docs/tables.md, sessions). */
export interface OpenSession {
  readonly agentLoginId: string;
  readonly accountId: string;
  readonly agentId: string;
  readonly status: string;
  readonly logoutAt?: string;
  readonly lastEventAt: string;
  readonly lastEventId?: string;
  /** When RingCX's agent list first missed the open session (reconciliation's mark). */
  readonly reconcileMissedAt?: string;
}

/**
 * The `agent.logout` the stack infers for a session whose LOGOUT never came, as published on
 * the events topic and stored like any event: at the session's last event (`occurredAt`, and
 * so `logoutAt`), marked `data.inferred` with the reason. No sender sent it: `raw` is empty,
 * `transport.encoding` is `none`, `receivedAt` is when it was inferred, and its local time is
 * the UTC time. The event id is derived from the session, its last event and the reason, so
 * inferring it again from the same session (every sweep until the store has closed it) gives
 * the same event, which the store and subscribers drop as a double.
 */
export function inferredLogout(
  session: OpenSession,
  reason: InferredReason,
  inferredAt: Date,
): EnvelopeOf<'agent.logout'> {
  const { agentLoginId, accountId, agentId, lastEventAt } = session;
  const eventId = hash(
    'sha256',
    `inferred-logout|${agentLoginId}|${session.lastEventId ?? lastEventAt}|${reason}`,
    'hex',
  ).slice(0, 32);
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId,
    kind: 'agent.logout',
    occurredAt: lastEventAt,
    sequence: sessionSequence('agent.logout'),
    receivedAt: inferredAt.toISOString(),
    accountId,
    agentId,
    agentLoginId,
    transport: { encoding: 'none' },
    data: {
      accountId,
      agentId,
      agentLoginId,
      localTime: lastEventAt.slice(0, 19).replace('T', ' '),
      timeZone: 'UTC',
      extra: {},
      inferred: true,
      inferredReason: reason,
    },
    raw: {},
  };
}

/** The open sessions with no event for the clock's `staleAfterHours`, each closed as `stale`. */
export function staleLogouts(
  sessions: readonly OpenSession[],
  clock: Clock,
): EnvelopeOf<'agent.logout'>[] {
  return sessions
    .filter((session) => session.status === SESSION_STATUS.loggedIn && isStale(session, clock))
    .map((session) => inferredLogout(session, 'stale', new Date(clock.now)));
}
