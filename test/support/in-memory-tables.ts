import {
  type CallContribution,
  emptyCall,
  type MergeOutcome,
  mergeCall,
} from '../../lambdas/calls/call-contributions';
import { callItemOf } from '../../lambdas/calls/call-item';
import { contributionsOfItem } from '../../lambdas/calls/call-item-reading';
import { versionOf } from '../../lambdas/calls/call-version';
import type { Item } from '../../lambdas/items/item';
import {
  isGroupWritableOver,
  remainingUpdate,
  type SessionUpdate,
  type SessionWrite,
} from '../../lambdas/sessions/session-update';
import { pointOf, type TimelinePoint } from '../../lambdas/states/timeline';
import { rowsNeededAfter, rowsNeededBefore } from '../../lambdas/states/view';
import type { StoreTables } from '../../lambdas/store/store-batch';

/**
 * The three tables as maps, with DynamoDB's semantics for the operations the store uses
 * (conditional update of guarded groups, put-if-absent, read-compare-swap). A model for fast
 * property tests of the rules; the integration tests run the same properties on DynamoDB Local.
 */
export class InMemoryTables implements StoreTables {
  readonly sessionItems = new Map<string, Item>();
  readonly stateItems = new Map<string, Map<string, Item>>();
  readonly callItems = new Map<string, Item>();

  readonly sessions = {
    apply: async (update: SessionUpdate): Promise<SessionWrite> => {
      const before = this.sessionItems.get(update.agentLoginId) ?? {};
      let pending = remainingUpdate(update, before);
      while (pending !== undefined) {
        const current = this.sessionItems.get(update.agentLoginId) ?? {};
        const guardsHold = pending.groups.every((group) => isGroupWritableOver(group, current));
        if (guardsHold) {
          const next: Record<string, Item[string]> = { ...current };
          for (const group of pending.groups) {
            Object.assign(next, group.set);
            for (const name of group.remove) delete next[name];
          }
          for (const [name, value] of Object.entries(pending.fillIfAbsent)) {
            next[name] ??= value;
          }
          next.agentLoginId = update.agentLoginId;
          this.sessionItems.set(update.agentLoginId, next);
          return { before, after: next };
        }
        pending = remainingUpdate(pending, current);
      }
      return { before, after: this.sessionItems.get(update.agentLoginId) ?? {} };
    },
  };

  readonly timeline = {
    put: async (row: Item): Promise<boolean> => {
      const agent = row.agentLoginId as string;
      const rows = this.stateItems.get(agent) ?? new Map<string, Item>();
      this.stateItems.set(agent, rows);
      const key = row.timelineKey as string;
      if (rows.has(key)) return false;
      rows.set(key, row);
      this.sortedPoints.delete(agent);
      return true;
    },
    around: async (agentLoginId: string, anchor: TimelinePoint) => {
      const points = this.pointsOf(agentLoginId);
      const before = points.filter((point) => point.timelineKey < anchor.timelineKey).reverse();
      const after = points.filter((point) => point.timelineKey > anchor.timelineKey);
      return {
        before: before.slice(0, rowsNeededBefore(anchor, before) ?? before.length),
        after: after.slice(0, rowsNeededAfter(anchor, after) ?? after.length),
      };
    },
  };

  readonly calls = {
    merge: async (callId: string, contribution: CallContribution): Promise<MergeOutcome> => {
      const stored = this.callItems.get(callId);
      const current = stored === undefined ? emptyCall(callId) : contributionsOfItem(stored);
      const next = mergeCall(current, contribution);
      const version = versionOf(next);
      if (stored !== undefined && stored.version === version) return 'unchanged';
      this.callItems.set(callId, callItemOf(next, version));
      return stored === undefined ? 'created' : 'updated';
    },
  };

  /** Each session's timeline in order, sorted once per change (generated days are long). */
  private readonly sortedPoints = new Map<string, TimelinePoint[]>();

  private pointsOf(agentLoginId: string): TimelinePoint[] {
    let points = this.sortedPoints.get(agentLoginId);
    if (points === undefined) {
      points = [...(this.stateItems.get(agentLoginId)?.values() ?? [])]
        .map((row) => pointOf(row) as TimelinePoint)
        .sort((a, b) => (a.timelineKey < b.timelineKey ? -1 : 1));
      this.sortedPoints.set(agentLoginId, points);
    }
    return points;
  }

  /** Everything stored, in key order, without the wall-clock `updatedAt`. */
  snapshot(): { sessions: Item[]; states: Item[]; calls: Item[] } {
    const byKey = (items: Iterable<[string, Item]>) =>
      [...items].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, item]) => item);
    return {
      sessions: byKey(this.sessionItems).map(({ updatedAt: _updatedAt, ...rest }) => rest),
      states: [...this.stateItems.keys()]
        .sort()
        .flatMap((agent) => byKey(this.stateItems.get(agent) ?? new Map())),
      calls: byKey(this.callItems),
    };
  }
}
