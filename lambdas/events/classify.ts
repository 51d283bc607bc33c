import { canonicalValue, textOf } from './canonical';
import type { EventKind } from './envelope';
import { type Issue, issue } from './issues';

export type Classified =
  | { ok: true; kind: EventKind }
  | { ok: false; error: string; issues: Issue[] };

const END_CALL_TYPES = new Set(['ACD-CALL', 'VPD-CALL']);

/**
 * Tells the kind from the event's shape, not from `event_type` alone: a state event carries
 * `prev_state`; a session event is LOGIN/LOGOUT without it; an end-call carries `call_id` with
 * `call_start` or `call_state`. Anything else is refused with the reason, never guessed.
 */
export function classify(record: Readonly<Record<string, unknown>>): Classified {
  const eventType = textOf(record, 'event_type')?.toUpperCase();
  if (Object.hasOwn(record, 'prev_state') && canonicalValue(record.prev_state) !== null) {
    return { ok: true, kind: 'agent.state' };
  }
  if (eventType === 'LOGIN') return { ok: true, kind: 'agent.login' };
  if (eventType === 'LOGOUT') return { ok: true, kind: 'agent.logout' };

  const hasCallShape =
    textOf(record, 'call_id') !== undefined &&
    (textOf(record, 'call_start') !== undefined || textOf(record, 'call_state') !== undefined);
  if (hasCallShape) {
    if (eventType === undefined || END_CALL_TYPES.has(eventType)) {
      return { ok: true, kind: 'call.ended' };
    }
    return unclassifiable(
      `unsupported event type "${eventType}"`,
      `"${eventType}" is not a WFM end-call event (expected ACD-CALL or VPD-CALL)`,
    );
  }
  if (eventType === undefined) {
    return unclassifiable(
      'cannot tell what kind of event this is',
      'is required: no event_type, prev_state or call_id to classify by',
    );
  }
  return unclassifiable(
    `unsupported event type "${eventType}"`,
    `"${eventType}" without prev_state is neither LOGIN, LOGOUT nor an end-call event`,
  );
}

function unclassifiable(error: string, reason: string): Classified {
  return { ok: false, error, issues: [issue('event_type', reason)] };
}
