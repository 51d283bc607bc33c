import type { EnvelopeOf } from '../events/envelope';
import { inferredLogout, type OpenSession } from './inferred-logout';
import { SESSION_STATUS } from './session-update';
import { type Clock, isStale } from './staleness';

/**
 * One account's list of logged-in agents as RingCX gave it, whole: an answer that failed or
 * could not be read is no snapshot at all, and its account is left alone.
 */
export interface AgentListSnapshot {
  /** The RingCX sub-account, which is the `account_id` of the WFM events (`accountId`). */
  readonly accountId: string;
  /** When the list was asked for: every agent logged in since may be missing from it. */
  readonly takenAt: string;
  /** `agentLoginId` of every agent listed, as text. */
  readonly agentLoginIds: ReadonlySet<string>;
  /** `agentId` of every agent listed, as text. */
  readonly agentIds: ReadonlySet<string>;
}

/**
 * How long before a snapshot a session's last event must lie for the session to be closed:
 * a LOGIN or state change racing the list (delivered before it, listed only after, or the other
 * way round) never closes its session.
 */
export const RECONCILE_SAFETY_MARGIN_MINUTES = 10;

export interface Reconciliation {
  /** The inferred logouts (`reconciled`) to publish. */
  readonly logouts: EnvelopeOf<'agent.logout'>[];
  /**
   * Accounts left alone because their list names agents of open sessions but none of those
   * sessions' login ids: the ids do not match the WFM events', and closing by them would close
   * every session of the account.
   */
  readonly mismatched: readonly string[];
}

const MINUTE_MS = 60_000;

/**
 * The open sessions that RingCX's real-time agent list says are over, each closed with an
 * inferred logout (`reconciled`), by these rules:
 * - only sessions of an account with a snapshot (an account not reconciled, or whose list
 *   failed, is untouched), and only open ones (`LOGGED_IN`);
 * - a session whose `agentLoginId` is listed stays open (whatever its state, ghost logins
 *   included); one whose agent is listed under another login id is over (a later login);
 * - a session whose last event lies within the safety margin before the snapshot stays open;
 * - a stale session is the sweep's (closed as `stale`), so no session gets two reasons;
 * - an account whose list shares agents with its open sessions but no login id is skipped.
 */
export function reconciledLogouts(
  sessions: readonly OpenSession[],
  snapshots: readonly AgentListSnapshot[],
  clock: Clock,
  marginMinutes = RECONCILE_SAFETY_MARGIN_MINUTES,
): Reconciliation {
  const byAccount = new Map(snapshots.map((snapshot) => [snapshot.accountId, snapshot]));
  const open = sessions.filter(
    (session) =>
      session.status === SESSION_STATUS.loggedIn &&
      byAccount.has(session.accountId) &&
      !isStale(session, clock),
  );
  const mismatched = snapshots
    .filter((snapshot) => !idsMatch(snapshot, open))
    .map((snapshot) => snapshot.accountId);
  const inferredAt = new Date(clock.now);
  const logouts = open
    .filter((session) => {
      const snapshot = byAccount.get(session.accountId) as AgentListSnapshot;
      if (mismatched.includes(snapshot.accountId)) return false;
      if (snapshot.agentLoginIds.has(session.agentLoginId)) return false;
      const latestClosable = Date.parse(snapshot.takenAt) - marginMinutes * MINUTE_MS;
      return Date.parse(session.lastEventAt) < latestClosable;
    })
    .map((session) => inferredLogout(session, 'reconciled', inferredAt));
  return { logouts, mismatched };
}

/** False when the list names agents of the account's open sessions but none of their logins. */
function idsMatch(snapshot: AgentListSnapshot, open: readonly OpenSession[]): boolean {
  const own = open.filter((session) => session.accountId === snapshot.accountId);
  const sharesAgents = own.some((session) => snapshot.agentIds.has(session.agentId));
  const sharesLogins = own.some((session) => snapshot.agentLoginIds.has(session.agentLoginId));
  return sharesLogins || !sharesAgents;
}
