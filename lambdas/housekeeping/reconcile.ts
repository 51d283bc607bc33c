import type { AgentListResult } from '../platform/ringcx/agent-lists';
import { reconciledLogouts } from '../sessions/reconciliation';
import type { Clock } from '../sessions/staleness';
import type { SweepDependencies, SweepOutcome } from './sweep';

export interface ReconcileDependencies extends SweepDependencies {
  /** RingCX's real-time agent list of every configured sub-account, each whole or failed. */
  agentLists(): Promise<AgentListResult[]>;
}

export interface ReconcileOutcome extends SweepOutcome {
  /** Sub-accounts whose list came whole. */
  readonly reconciled: readonly string[];
  /** Sub-accounts left alone this run, and why (their list failed, or its ids do not match). */
  readonly skipped: readonly { readonly accountId: string; readonly reason: string }[];
}

/**
 * One reconciliation: the lists first (so that every session read after them had its chance to
 * be listed), then the open sessions; the sessions RingCX no longer lists get an inferred logout
 * (`reconciled`) on the events topic, as the sweep publishes its own. An account whose list
 * failed is skipped, never closed on a partial answer.
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
  const { logouts, mismatched } = reconciledLogouts(sessions, snapshots, clock);
  if (logouts.length > 0) await deps.publish(logouts);
  return {
    open: sessions.length,
    closed: logouts.map((logout) => logout.eventId),
    reconciled: snapshots
      .map((snapshot) => snapshot.accountId)
      .filter((accountId) => !mismatched.includes(accountId)),
    skipped: [
      ...failed,
      ...mismatched.map((accountId) => ({
        accountId,
        reason: 'the list names agents of open sessions but none of their agentLoginIds',
      })),
    ],
  };
}
