import type { EnvelopeOf } from '../events/envelope';
import { earlierKey, occurredAtOfKey, orderKey } from '../events/order-key';
import { definedOnly } from '../items/item';
import type { EngagementSpan } from '../states/engagements';

/**
 * A call record is a pure function of what contributed to it: at most one end-call event (the
 * newest by order key wins) and one engagement per agent login that went ENGAGED on the call
 * (each key the earliest seen, see `endedEngagements`). Merging is commutative, associative and
 * idempotent, so any arrival order and any duplication give the same record.
 *
 * An engagement keeps the times of its first two keys and the whole third key: the earliest
 * of several keys has the earliest time, so times merge just as keys do, and only the last key
 * is needed whole (it may name the record's newest event). This keeps a call item under the
 * 1 KB that one write unit covers.
 */
export interface EndCall {
  readonly key: string;
  readonly accountId: string;
  readonly callType: string;
  readonly callState: string;
  readonly callStart: string;
  readonly callDuration?: number;
  readonly queueDuration?: number;
  readonly gateId?: string;
  readonly gateName?: string;
  readonly dnis?: string;
  readonly ani?: string;
  readonly agentId?: string;
  readonly externalAgentId?: string;
  readonly username?: string;
  readonly recordingUrl?: string;
  readonly agentDisposition?: string;
}

export interface Engagement {
  readonly agentId: string;
  readonly accountId: string;
  readonly engagedAt: string;
  readonly talkEndedAt: string;
  readonly afterCallWorkEndKey: string;
}

export interface CallContributions {
  readonly callId: string;
  readonly endCall?: EndCall;
  /** By agent login id. */
  readonly engagements: Readonly<Record<string, Engagement>>;
}

/** What merging a contribution into a call did: a repeat or an older one changes nothing. */
export type MergeOutcome = 'created' | 'updated' | 'unchanged';

export type CallContribution =
  | { readonly kind: 'endCall'; readonly endCall: EndCall }
  | { readonly kind: 'engagement'; readonly agentLoginId: string; readonly engagement: Engagement };

export function emptyCall(callId: string): CallContributions {
  return { callId, engagements: {} };
}

export function endCallContribution(event: EnvelopeOf<'call.ended'>): CallContribution {
  const { data } = event;
  const endCall: EndCall = {
    key: orderKey(event),
    accountId: event.accountId,
    callType: data.callType,
    callState: data.callState,
    callStart: data.callStart,
    ...definedOnly({
      callDuration: data.callDuration,
      queueDuration: data.queueDuration,
      gateId: data.gateId,
      gateName: data.gateName,
      dnis: data.dnis,
      ani: data.ani,
      agentId: data.agentId ?? event.agentId,
      externalAgentId: data.externalAgentId,
      username: data.username,
      recordingUrl: data.recordingUrl,
      agentDisposition: data.agentDisposition,
    }),
  };
  return { kind: 'endCall', endCall };
}

export function engagementContribution(
  span: EngagementSpan,
  agent: { agentLoginId: string; agentId: string; accountId: string },
): CallContribution {
  return {
    kind: 'engagement',
    agentLoginId: agent.agentLoginId,
    engagement: {
      agentId: agent.agentId,
      accountId: agent.accountId,
      engagedAt: occurredAtOfKey(span.engagedKey),
      talkEndedAt: occurredAtOfKey(span.talkEndKey),
      afterCallWorkEndKey: span.afterCallWorkEndKey,
    },
  };
}

export function mergeCall(
  current: CallContributions,
  contribution: CallContribution,
): CallContributions {
  if (contribution.kind === 'endCall') {
    const { endCall } = contribution;
    const keep = current.endCall !== undefined && current.endCall.key >= endCall.key;
    return keep ? current : { ...current, endCall };
  }
  const { agentLoginId, engagement } = contribution;
  const known = current.engagements[agentLoginId];
  const merged = known === undefined ? engagement : earliestOf(known, engagement);
  return { ...current, engagements: { ...current.engagements, [agentLoginId]: merged } };
}

function earliestOf(a: Engagement, b: Engagement): Engagement {
  const first = a.engagedAt <= b.engagedAt ? a : b;
  return {
    agentId: first.agentId,
    accountId: first.accountId,
    engagedAt: first.engagedAt,
    // A time compares as the order key it begins.
    talkEndedAt: earlierKey(a.talkEndedAt, b.talkEndedAt),
    afterCallWorkEndKey: earlierKey(a.afterCallWorkEndKey, b.afterCallWorkEndKey),
  };
}

/**
 * The agent login that handled the call. The end-call event's agent is authoritative: the
 * engagement of that agent (earliest if several logins), or none when the end-call names no
 * agent (deflected, abandoned). Before the end-call arrives, the agent who went ENGAGED first:
 * the call reaches its agent before anyone can listen in.
 */
export function handlerOf(call: CallContributions): string | undefined {
  const { endCall } = call;
  const candidates = Object.entries(call.engagements).filter(
    ([, engagement]) => endCall === undefined || engagement.agentId === endCall.agentId,
  );
  let handler: [string, Engagement] | undefined;
  for (const candidate of candidates) {
    // Two logins engaged in the same second: the smaller login id, so any order picks the same.
    if (handler === undefined || isEngagedBefore(candidate, handler)) handler = candidate;
  }
  return handler?.[0];
}

/** The end-call's account; without an end-call there is an engagement, hence a handler. */
export function accountOf(
  call: CallContributions,
  handlerLoginId = handlerOf(call),
): string | undefined {
  return (
    call.endCall?.accountId ??
    (handlerLoginId === undefined ? undefined : call.engagements[handlerLoginId]?.accountId)
  );
}

function isEngagedBefore(
  [loginId, { engagedAt }]: [string, Engagement],
  [otherLoginId, other]: [string, Engagement],
): boolean {
  return engagedAt === other.engagedAt ? loginId < otherLoginId : engagedAt < other.engagedAt;
}

/** When the newest event the record is built from happened. */
export function newestEventAtOf(call: CallContributions): string | undefined {
  const newestKey = newestKeyOf(call);
  return newestKey && occurredAtOfKey(newestKey);
}

export function newestKeyOf(call: CallContributions): string | undefined {
  const keys = [
    ...(call.endCall === undefined ? [] : [call.endCall.key]),
    ...Object.values(call.engagements).map((engagement) => engagement.afterCallWorkEndKey),
  ];
  return keys.sort().at(-1);
}
