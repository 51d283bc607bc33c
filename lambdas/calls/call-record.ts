import { createHash } from 'node:crypto';
import type { EnvelopeOf } from '../events/envelope';
import { earlierKey, eventIdOfKey, occurredAtOfKey, orderKey } from '../events/order-key';
import { definedOnly, type Item, mapOf, numberOf, textOf } from '../items/item';
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

export type CallContribution =
  | { readonly kind: 'endCall'; readonly endCall: EndCall }
  | { readonly kind: 'engagement'; readonly agentLoginId: string; readonly engagement: Engagement };

/** Optional end-call attributes, stored at the top level of the item as the event carried them. */
const END_CALL_TEXT = [
  'gateId',
  'gateName',
  'dnis',
  'ani',
  'externalAgentId',
  'username',
  'recordingUrl',
  'agentDisposition',
] as const;
const END_CALL_NUMBERS = ['callDuration', 'queueDuration'] as const;
/** Order key of the end-call event the record holds (internal marker). */
export const END_CALL_KEY = 'endCallKey';

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
function accountOf(call: CallContributions, handlerLoginId = handlerOf(call)): string | undefined {
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

/**
 * The item to store: the contributions as written, and everything derived from them. The
 * handler's engagement is the item's own agent attributes; the monitors' are in `monitoredBy`.
 */
/** `version` may be passed when the caller has already worked it out (to compare it). */
export function callItemOf(call: CallContributions, version = versionOf(call)): Item {
  const { endCall, engagements } = call;
  const handlerLoginId = handlerOf(call);
  const handler = handlerLoginId === undefined ? undefined : engagements[handlerLoginId];
  const accountId = accountOf(call, handlerLoginId);
  const agentId = endCall === undefined ? handler?.agentId : endCall.agentId;
  const monitors = Object.keys(engagements)
    .filter((loginId) => loginId !== handlerLoginId)
    .sort();
  const newestKey = newestKeyOf(call);
  return definedOnly({
    callId: call.callId,
    accountId,
    ...endCallAttributes(endCall),
    // Without an end-call the call is listed by agent from the moment it was engaged.
    callStart: endCall?.callStart ?? handler?.engagedAt,
    agentId,
    agentKey: agentId === undefined ? undefined : `${accountId}#${agentId}`,
    agentLoginId: handlerLoginId,
    ...(handler === undefined ? {} : engagementAttributes(handler)),
    monitoredBy:
      monitors.length > 0
        ? Object.fromEntries(
            monitors.map((loginId) => {
              const monitor = engagements[loginId] as Engagement;
              return [loginId, { agentId: monitor.agentId, ...engagementAttributes(monitor) }];
            }),
          )
        : undefined,
    inferred: endCall === undefined ? true : undefined,
    lastEventId: newestKey && eventIdOfKey(newestKey),
    version,
  });
}

/** Reads the contributions back from a stored item. */
export function contributionsOfItem(item: Item): CallContributions {
  const callId = required(textOf(item, 'callId'), 'callId');
  const accountId = required(textOf(item, 'accountId'), 'accountId');
  const key = textOf(item, END_CALL_KEY);
  const endCall: EndCall | undefined =
    key === undefined
      ? undefined
      : {
          key,
          accountId,
          callType: required(textOf(item, 'callType'), 'callType'),
          callState: required(textOf(item, 'callState'), 'callState'),
          callStart: required(textOf(item, 'callStart'), 'callStart'),
          ...definedOnly({
            ...Object.fromEntries(END_CALL_TEXT.map((name) => [name, textOf(item, name)])),
            ...Object.fromEntries(END_CALL_NUMBERS.map((name) => [name, numberOf(item, name)])),
            agentId: textOf(item, 'agentId'),
          }),
        };
  const engagements =
    engagementsOfLegacyItem(item, accountId) ?? engagementsOfItem(item, accountId);
  return endCall === undefined ? { callId, engagements } : { callId, endCall, engagements };
}

/** The handler's engagement is the item's own attributes; the monitors' are in `monitoredBy`. */
function engagementsOfItem(item: Item, accountId: string): Record<string, Engagement> {
  // A call's engagements are its account's agents, so the item's account is theirs.
  const engagements: Record<string, Engagement> = {};
  const handlerLoginId = textOf(item, 'agentLoginId');
  if (handlerLoginId !== undefined) {
    engagements[handlerLoginId] = engagementOfAttributes(item, accountId, '');
  }
  const monitors = mapOf(item, 'monitoredBy') ?? {};
  for (const loginId of Object.keys(monitors)) {
    const attributes = mapOf(monitors, loginId) ?? {};
    engagements[loginId] = engagementOfAttributes(attributes, accountId, `monitoredBy.${loginId}.`);
  }
  return engagements;
}

/**
 * Items written by version 0.1 kept every engagement, its three keys whole, in an `engagements`
 * map (and `monitoredBy` as a list). They read as the same contributions, and their next write
 * stores today's shape (their old `version` never matches, so that write happens).
 */
function engagementsOfLegacyItem(
  item: Item,
  accountId: string,
): Record<string, Engagement> | undefined {
  const stored = mapOf(item, 'engagements');
  if (stored === undefined) return undefined;
  const engagements: Record<string, Engagement> = {};
  for (const loginId of Object.keys(stored)) {
    const entry = mapOf(stored, loginId) ?? {};
    const field = (name: string) => required(textOf(entry, name), `engagements.${loginId}.${name}`);
    engagements[loginId] = {
      agentId: field('agentId'),
      accountId,
      engagedAt: occurredAtOfKey(field('engagedKey')),
      talkEndedAt: occurredAtOfKey(field('talkEndKey')),
      afterCallWorkEndKey: field('afterCallWorkEndKey'),
    };
  }
  return engagements;
}

/**
 * Equal contributions give equal versions; the store compares them to skip no-op writes. An
 * engagement's account counts only as the call's account (the one the item shows), because a
 * stored item gives all its engagements that account back.
 */
export function versionOf(call: CallContributions): string {
  const canonical = JSON.stringify([
    call.callId,
    accountOf(call),
    call.endCall === undefined ? null : sortedEntries(call.endCall),
    Object.keys(call.engagements)
      .sort()
      .map((loginId) => {
        const { accountId: _shownAsTheCalls, ...engagement } = call.engagements[
          loginId
        ] as Engagement;
        return [loginId, sortedEntries(engagement)];
      }),
  ]);
  return createHash('sha256').update(canonical).digest('hex').slice(0, 16);
}

function endCallAttributes(endCall: EndCall | undefined): Item {
  if (endCall === undefined) return {};
  const { key, agentId: _agentId, ...fields } = endCall;
  return definedOnly({
    ...fields,
    endedAt:
      endCall.callDuration === undefined
        ? undefined
        : new Date(Date.parse(endCall.callStart) + endCall.callDuration * 1000).toISOString(),
    [END_CALL_KEY]: key,
  });
}

/** An engagement as stored: its times, what they give, and the key it ends on (internal). */
function engagementAttributes(engagement: Engagement): Item {
  const { engagedAt, talkEndedAt, afterCallWorkEndKey } = engagement;
  const afterCallWorkEndedAt = occurredAtOfKey(afterCallWorkEndKey);
  return {
    engagedAt,
    talkEndedAt,
    afterCallWorkEndedAt,
    talkSeconds: secondsBetween(engagedAt, talkEndedAt),
    afterCallWorkSeconds: secondsBetween(talkEndedAt, afterCallWorkEndedAt),
    afterCallWorkEndKey,
  };
}

function engagementOfAttributes(attributes: Item, accountId: string, path: string): Engagement {
  const field = (name: string) => required(textOf(attributes, name), `${path}${name}`);
  return {
    agentId: field('agentId'),
    accountId,
    engagedAt: field('engagedAt'),
    talkEndedAt: field('talkEndedAt'),
    afterCallWorkEndKey: field('afterCallWorkEndKey'),
  };
}

/** When the newest event the record is built from happened. */
export function newestEventAtOf(call: CallContributions): string | undefined {
  const newestKey = newestKeyOf(call);
  return newestKey && occurredAtOfKey(newestKey);
}

function newestKeyOf(call: CallContributions): string | undefined {
  const keys = [
    ...(call.endCall === undefined ? [] : [call.endCall.key]),
    ...Object.values(call.engagements).map((engagement) => engagement.afterCallWorkEndKey),
  ];
  return keys.sort().at(-1);
}

function secondsBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 1000);
}

function sortedEntries(value: object): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`stored call item lacks ${name}`);
  return value;
}
