import { endCallContribution, engagementContribution } from '../calls/call-contributions';
import type { CallMerger } from '../calls/serial-call-merges';
import type { Envelope, EnvelopeOf } from '../events/envelope';
import { orderKey } from '../events/order-key';
import type { Item } from '../items/item';
import { logoutKeyOf, sessionUpdateOf } from '../sessions/session-update';
import type { SessionWriter } from '../sessions/session-write-batch';
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
  readonly sessions: SessionWriter;
  readonly timeline: {
    put(row: Item): Promise<void>;
    around(
      agentLoginId: string,
      anchor: TimelinePoint,
    ): Promise<{ before: TimelinePoint[]; after: TimelinePoint[] }>;
  };
  readonly calls: CallMerger;
}

/** The login session an event writes: every kind but an end-call writes one. */
export function sessionWrittenBy(event: Envelope): string | undefined {
  return event.kind === 'call.ended' ? undefined : event.agentLoginId;
}

/**
 * Stores one event. Every step is idempotent, so a redelivery after a partial failure simply
 * redoes what is missing. The order of the steps matters: each event writes its own point
 * (timeline row, or logout on the session) before it reads the others, so of two events that
 * race, the later reader always sees the earlier writer.
 */
export async function storeEvent(event: Envelope, tables: StoreTables): Promise<void> {
  switch (event.kind) {
    case 'agent.login':
      await tables.sessions.apply(sessionUpdateOf(event));
      return;
    case 'agent.logout': {
      await tables.sessions.apply(sessionUpdateOf(event));
      await deriveCalls(event, logoutPoint(orderKey(event)), undefined, tables);
      return;
    }
    case 'agent.state': {
      await tables.timeline.put(timelineRowOf(event));
      const session = await tables.sessions.apply(sessionUpdateOf(event));
      const logoutKey = logoutKeyOf(session);
      const logout = logoutKey === undefined ? undefined : logoutPoint(logoutKey);
      await deriveCalls(event, timelinePointOf(event), logout, tables);
      return;
    }
    case 'call.ended':
      await tables.calls.merge(event.callId, endCallContribution(event));
      return;
  }
}

/** Merges into each call every ended talk / after-call-work span the event's window shows. */
async function deriveCalls(
  event: EnvelopeOf<'agent.state' | 'agent.logout'>,
  anchor: TimelinePoint,
  logout: TimelinePoint | undefined,
  tables: StoreTables,
): Promise<void> {
  const { before, after } = await tables.timeline.around(event.agentLoginId, anchor);
  const view = assembleView(before, anchor, after, logout);
  for (const span of endedEngagements(view)) {
    await tables.calls.merge(span.callId, engagementContribution(span, event));
  }
}
