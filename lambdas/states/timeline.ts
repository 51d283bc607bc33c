import type { EnvelopeOf } from '../events/envelope';
import { orderKey } from '../events/order-key';
import { definedOnly, type Item } from '../items/item';
import { activityOf } from './activity';

/** What the call rules need to know about one moment of an agent's timeline. */
export interface TimelinePoint {
  readonly timelineKey: string;
  readonly state: string;
  readonly auxState?: string;
  readonly callId?: string;
}

/**
 * The part a point plays around calls, from its activity (`activity.ts`):
 * - `talk`: `talking` on a call (ENGAGED with a call id, not ringing, not wrapping up);
 * - `afterCallWork`: `after-call-work` (WORKING, or a wrap-up aux state whatever the base state);
 * - `other`: anything else (available, breaks, ringing, a logout...), which ends after-call work.
 */
export type PointRole =
  | { readonly role: 'talk'; readonly callId: string }
  | { readonly role: 'afterCallWork' }
  | { readonly role: 'other' };

export function roleOf(point: TimelinePoint): PointRole {
  const activity = activityOf(point);
  if (activity === 'talking' && point.callId !== undefined) {
    return { role: 'talk', callId: point.callId };
  }
  return activity === 'after-call-work' ? { role: 'afterCallWork' } : { role: 'other' };
}

export function isTalkOn(point: TimelinePoint, callId: string): boolean {
  const role = roleOf(point);
  return role.role === 'talk' && role.callId === callId;
}

/** A logout ends whatever the agent was doing; it takes part in the rules as a point of its own. */
export function logoutPoint(logoutKey: string): TimelinePoint {
  return { timelineKey: logoutKey, state: 'LOGOUT' };
}

/** The point a state event puts on its agent's timeline. */
export function timelinePointOf(event: EnvelopeOf<'agent.state'>): TimelinePoint {
  const auxState = nonEmpty(event.data.auxState);
  return {
    timelineKey: orderKey(event),
    state: event.data.state,
    ...(auxState === undefined ? {} : { auxState }),
    ...(event.callId === undefined ? {} : { callId: event.callId }),
  };
}

/** One row of the states table, as stored: empty aux states are absent, never empty strings. */
export function timelineRowOf(event: EnvelopeOf<'agent.state'>): Item {
  const { data } = event;
  return definedOnly({
    agentLoginId: event.agentLoginId,
    ...timelinePointOf(event),
    occurredAt: event.occurredAt,
    prevState: data.prevState,
    prevAuxState: nonEmpty(data.prevAuxState),
    duration: data.duration,
    eventId: event.eventId,
  });
}

export function nonEmpty(text: string | undefined): string | undefined {
  return text === undefined || text === '' ? undefined : text;
}

/** The point a stored row (or a query result projecting these attributes) stands for. */
export function pointOf(row: Item): TimelinePoint | undefined {
  const { timelineKey, state, auxState, callId } = row;
  if (typeof timelineKey !== 'string' || typeof state !== 'string') return undefined;
  return {
    timelineKey,
    state,
    ...(typeof auxState === 'string' ? { auxState } : {}),
    ...(typeof callId === 'string' ? { callId } : {}),
  };
}
