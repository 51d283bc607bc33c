import type { AgentListResult } from '../platform/ringcx/agent-lists';
import { type ReconcileMiss, reconciledLogouts } from '../sessions/reconciliation';
import type { Clock } from '../sessions/staleness';
import type { SweepDependencies, SweepOutcome } from './sweep';

export interface ReconcileDependencies extends SweepDependencies {
  /** RingCX's real-time agent list of every configured sub-account, each whole or failed. */
  agentLists(): Promise<AgentListResult[]>;
  /** Marks open sessions as missed once (`reconcileMissedAt`); closed or gone ones are left. */
  markMissed(misses: readonly ReconcileMiss[]): Promise<void>;
  /** Removes the mark of sessions listed again. */
  unmarkMissed(agentLoginIds: readonly string[]): Promise<void>;
}

export interface ReconcileOutcome extends SweepOutcome {
  /** Sub-accounts whose list came whole and matched their open sessions. */
  readonly reconciled: readonly string[];
  /** Sub-accounts left alone this run, and why (their list failed, or its ids do not match). */
  readonly skipped: readonly { readonly accountId: string; readonly reason: string }[];
  /** Sessions missed by this run's list for the first time: closed if the next list misses them. */
  readonly firstMisses: readonly string[];
}

/**
 * One reconciliation: the lists first (so that every session read after them had its chance to
 * be listed), then the open sessions; a session missed by two lists in a row gets an inferred
 * logout (`reconciled`) on the events topic, as the sweep publishes its own, and one missed for
 * the first time is marked. An account whose list failed, or shows none of its open sessions,
 * is skipped: nothing of it is closed, marked or unmarked.
 */
export async function reconcileSessions(
  deps: ReconcileDependencies,
  clock: Clock,
): Promise<ReconcileOutcome> {
  const lists = await deps.agentLists();
  const snapshots = lists.flatMap((list) => (list.ok ? [list.snapshot] : []));
  const failed = lists.flatMap((list) =>
    list.ok ? [] : [{ accountId: list.accountId, reason: list.reason }],
  );
  const sessions = await deps.openSessions();
  const { logouts, firstMisses, listedAgain, mismatched } = reconciledLogouts(
    sessions,
    snapshots,
    clock,
  );
  if (firstMisses.length > 0) await deps.markMissed(firstMisses);
  if (listedAgain.length > 0) await deps.unmarkMissed(listedAgain);
  if (logouts.length > 0) await deps.publish(logouts);
  return {
    open: sessions.length,
    closed: logouts.map((logout) => logout.eventId),
    firstMisses: firstMisses.map((miss) => miss.agentLoginId),
    reconciled: snapshots
      .map((snapshot) => snapshot.accountId)
      .filter((accountId) => !mismatched.includes(accountId)),
    skipped: [
      ...failed,
      ...mismatched.map((accountId) => ({
        accountId,
        reason: 'the list shows none of the agentLoginIds of its open sessions',
      })),
    ],
  };
}
