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
}

/**
 * How long before a snapshot a session's last event must lie for the session to be closed:
 * a LOGIN or state change racing the list (delivered before it, listed only after, or the other
 * way round) never closes its session. It is also the least time between the two lists that
 * must both miss a session: a run retried at once is no second look.
 */
export const RECONCILE_SAFETY_MARGIN_MINUTES = 10;

/** A session's first miss: the list taken at `missedAt` did not show it. */
export interface ReconcileMiss {
  readonly agentLoginId: string;
  readonly missedAt: string;
}

export interface Reconciliation {
  /** The inferred logouts (`reconciled`) to publish: sessions missed by two lists in a row. */
  readonly logouts: EnvelopeOf<'agent.logout'>[];
  /** Sessions missed for the first time, to be marked (`reconcileMissedAt`). */
  readonly firstMisses: readonly ReconcileMiss[];
  /** Marked sessions the list shows again, to be unmarked. */
  readonly listedAgain: readonly string[];
  /**
   * Accounts left alone because they have open sessions and their list shows none of those
   * sessions' login ids (an empty list included): the ids may not be the WFM events' ones, and
   * closing by them would close every session of the account.
   */
  readonly mismatched: readonly string[];
}

const MINUTE_MS = 60_000;

/**
 * What RingCX's real-time agent list says of the open sessions, by these rules:
 * - only sessions of an account with a snapshot (an account not reconciled, or whose list
 *   failed, is untouched), and only open ones (`LOGGED_IN`); a stale session is the sweep's
 *   (closed as `stale`), so no session gets two reasons;
 * - an account with open sessions whose list shows none of their `agentLoginId`s is skipped;
 * - a session whose `agentLoginId` is listed stays open (whatever its state, ghost logins
 *   included), and loses its mark of an earlier miss;
 * - a session whose last event lies within the safety margin before the snapshot stays open;
 * - any other session is missed: the first miss is only marked (`firstMisses`); a session
 *   already marked by a list at least the margin older than this one, and not listed since (a
 *   listing removes the mark), is closed with an inferred logout (`reconciled`).
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
    .filter((snapshot) => !listsAnyOpenLogin(snapshot, open))
    .map((snapshot) => snapshot.accountId);
  const inferredAt = new Date(clock.now);
  const logouts: EnvelopeOf<'agent.logout'>[] = [];
  const firstMisses: ReconcileMiss[] = [];
  const listedAgain: string[] = [];
  for (const session of open) {
    const snapshot = byAccount.get(session.accountId) as AgentListSnapshot;
    if (mismatched.includes(snapshot.accountId)) continue;
    const marked = session.reconcileMissedAt;
    if (snapshot.agentLoginIds.has(session.agentLoginId)) {
      if (marked !== undefined) listedAgain.push(session.agentLoginId);
      continue;
    }
    const latestClosable = Date.parse(snapshot.takenAt) - marginMinutes * MINUTE_MS;
    if (Date.parse(session.lastEventAt) >= latestClosable) continue;
    if (marked === undefined) {
      firstMisses.push({ agentLoginId: session.agentLoginId, missedAt: snapshot.takenAt });
    } else if (Date.parse(marked) <= latestClosable) {
      logouts.push(inferredLogout(session, 'reconciled', inferredAt));
    }
  }
  return { logouts, firstMisses, listedAgain, mismatched };
}

/** True when the account has no open session, or its list shows at least one of them. */
function listsAnyOpenLogin(snapshot: AgentListSnapshot, open: readonly OpenSession[]): boolean {
  const own = open.filter((session) => session.accountId === snapshot.accountId);
  return (
    own.length === 0 || own.some((session) => snapshot.agentLoginIds.has(session.agentLoginId))
  );
}
