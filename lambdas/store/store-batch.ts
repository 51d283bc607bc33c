import {
  type CallContribution,
  endCallContribution,
  engagementContribution,
  type MergeOutcome,
} from '../calls/call-contributions';
import type { Envelope, EventKind } from '../events/envelope';
import { orderKey } from '../events/order-key';
import type { Item } from '../items/item';
import {
  logoutKeyOf,
  mergeSessionUpdates,
  remainingUpdate,
  type SessionEvent,
  type SessionUpdate,
  type SessionWrite,
  sessionUpdateOf,
} from '../sessions/session-update';
import { endedEngagements } from '../states/engagements';
import {
  logoutPoint,
  type TimelinePoint,
  timelinePointOf,
  timelineRowOf,
} from '../states/timeline';
import { assembleView } from '../states/view';

/** What the store needs from its tables (DynamoDB adapters in production, fakes in unit tests). */
export interface StoreTables {
  readonly sessions: { apply(update: SessionUpdate): Promise<SessionWrite> };
  readonly timeline: {
    /** Writes the row unless it is there already; true when it was written now. */
    put(row: Item): Promise<boolean>;
    around(
      agentLoginId: string,
      anchor: TimelinePoint,
    ): Promise<{ before: TimelinePoint[]; after: TimelinePoint[] }>;
  };
  readonly calls: { merge(callId: string, contribution: CallContribution): Promise<MergeOutcome> };
}

/**
 * What became of one event: `stored` when it changed a table, `unchanged` when it was a
 * duplicate or stale (its own writes had nothing left to do), `failed` with why.
 */
export type StoreOutcome =
  | { readonly status: 'stored' | 'unchanged'; readonly kind: EventKind }
  | { readonly status: 'failed'; readonly kind: EventKind; readonly error: unknown };

/** The login session an event writes: every kind but an end-call writes one. */
export function sessionWrittenBy(event: Envelope): string | undefined {
  return event.kind === 'call.ended' ? undefined : event.agentLoginId;
}

/** One event on its way through the batch. */
interface Progress {
  readonly event: Envelope;
  failure?: { error: unknown };
  /** Whether any of the event's own writes changed something. */
  changed: boolean;
  session?: SessionWrite;
}

/**
 * Stores a batch of events as one unit, in three steps that each event takes in order, so that
 * each event writes its own point (timeline row, or logout on the session) before it reads the
 * others and, of two events that race, the later reader always sees the earlier writer:
 *
 * 1. every state event puts its timeline row;
 * 2. every session is written once: its events' updates folded into one (`mergeSessionUpdates`,
 *    which has the effect of writing them one after the other). If that shared write fails, each
 *    event writes its own, so a fault tied to one event still fails only that event;
 * 3. every call is merged with what the events contribute (end-calls, and the engagements each
 *    state event or logout ends, read from a window of the agent's timeline), one merge after
 *    the other per call: several events of a batch often derive the same engagement, and racing
 *    would cost a failed conditional write, billed like a write.
 *
 * An event that fails a step takes no further step; every step is idempotent, so its redelivery
 * redoes what is missing. Never rejects: each event's outcome says what happened to it.
 */
export async function storeBatch(
  events: readonly Envelope[],
  tables: StoreTables,
): Promise<StoreOutcome[]> {
  const batch: Progress[] = events.map((event) => ({ event, changed: false }));
  await Promise.all(batch.map((progress) => putTimelineRow(progress, tables)));
  await Promise.all(sessionGroups(batch).map((group) => writeSession(group, tables)));
  const contributions = await Promise.all(batch.map((progress) => callsOf(progress, tables)));
  await mergeCalls(contributions.flat(), tables);
  // A second delivery of an event in the same batch shared its writes, and changed nothing.
  const seen = new Set<string>();
  return batch.map(({ event, failure, changed }): StoreOutcome => {
    if (failure !== undefined) return { status: 'failed', kind: event.kind, error: failure.error };
    const first = !seen.has(event.eventId);
    seen.add(event.eventId);
    return { status: changed && first ? 'stored' : 'unchanged', kind: event.kind };
  });
}

const pending = (progress: Progress) => progress.failure === undefined;

async function step<T>(progress: Progress, work: () => Promise<T>): Promise<T | undefined> {
  if (!pending(progress)) return undefined;
  try {
    return await work();
  } catch (error) {
    progress.failure = { error };
    return undefined;
  }
}

async function putTimelineRow(progress: Progress, tables: StoreTables): Promise<void> {
  const { event } = progress;
  if (event.kind !== 'agent.state') return;
  if (await step(progress, () => tables.timeline.put(timelineRowOf(event)))) {
    progress.changed = true;
  }
}

/** The events of the batch that write a session, by session, in batch order. */
function sessionGroups(batch: readonly Progress[]): Progress[][] {
  const groups = new Map<string, Progress[]>();
  for (const progress of batch.filter(pending)) {
    const session = sessionWrittenBy(progress.event);
    if (session !== undefined) groups.set(session, [...(groups.get(session) ?? []), progress]);
  }
  return [...groups.values()];
}

async function writeSession(group: readonly Progress[], tables: StoreTables): Promise<void> {
  const updates = group.map(({ event }) => sessionUpdateOf(event as SessionEvent));
  const settle = (progress: Progress, update: SessionUpdate, write: SessionWrite) => {
    progress.session = write;
    if (remainingUpdate(update, write.before) !== undefined) progress.changed = true;
  };
  if (group.length > 1) {
    try {
      const write = await tables.sessions.apply(updates.reduce(mergeSessionUpdates));
      for (const [index, progress] of group.entries()) {
        settle(progress, updates[index] as SessionUpdate, write);
      }
      return;
    } catch {
      // Each event writes its own below: a fault tied to one of them fails only that one.
    }
  }
  for (const [index, progress] of group.entries()) {
    const update = updates[index] as SessionUpdate;
    const write = await step(progress, () => tables.sessions.apply(update));
    if (write !== undefined) settle(progress, update, write);
  }
}

interface Contribution {
  readonly progress: Progress;
  readonly callId: string;
  readonly contribution: CallContribution;
  /** The event's own write (an end-call), as opposed to one derived from the timeline. */
  readonly own: boolean;
}

/** What the event contributes to calls: its end-call, or the engagements it ends. */
async function callsOf(progress: Progress, tables: StoreTables): Promise<Contribution[]> {
  const { event } = progress;
  // An inferred logout ends nothing: inferred closings never invent states or calls.
  if (!pending(progress) || event.kind === 'agent.login') return [];
  if (event.kind === 'agent.logout' && event.data.inferred === true) return [];
  if (event.kind === 'call.ended') {
    return [
      { progress, callId: event.callId, contribution: endCallContribution(event), own: true },
    ];
  }
  const anchor =
    event.kind === 'agent.logout' ? logoutPoint(orderKey(event)) : timelinePointOf(event);
  const logoutKey =
    progress.session === undefined ? undefined : logoutKeyOf(progress.session.after);
  const logout =
    event.kind === 'agent.state' && logoutKey !== undefined ? logoutPoint(logoutKey) : undefined;
  const window = await step(progress, () => tables.timeline.around(event.agentLoginId, anchor));
  if (window === undefined) return [];
  const view = assembleView(window.before, anchor, window.after, logout);
  return endedEngagements(view).map((span) => ({
    progress,
    callId: span.callId,
    contribution: engagementContribution(span, event),
    own: false,
  }));
}

/** Merges one call after the other per call, the calls side by side. */
async function mergeCalls(contributions: readonly Contribution[], tables: StoreTables) {
  const byCall = new Map<string, Contribution[]>();
  for (const contribution of contributions) {
    byCall.set(contribution.callId, [...(byCall.get(contribution.callId) ?? []), contribution]);
  }
  await Promise.all(
    [...byCall.values()].map(async (merges) => {
      for (const { progress, callId, contribution, own } of merges) {
        const outcome = await step(progress, () => tables.calls.merge(callId, contribution));
        if (own && outcome !== undefined && outcome !== 'unchanged') progress.changed = true;
      }
    }),
  );
}
