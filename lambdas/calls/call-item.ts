import { eventIdOfKey, occurredAtOfKey } from '../events/order-key';
import { definedOnly, type Item } from '../items/item';
import {
  accountOf,
  type CallContributions,
  type EndCall,
  type Engagement,
  handlerOf,
  newestKeyOf,
} from './call-contributions';
import { versionOf } from './call-version';

/** Optional end-call attributes, stored at the top level of the item as the event carried them. */
export const END_CALL_TEXT = [
  'gateId',
  'gateName',
  'dnis',
  'ani',
  'externalAgentId',
  'username',
  'recordingUrl',
  'agentDisposition',
] as const;
export const END_CALL_NUMBERS = ['callDuration', 'queueDuration'] as const;
/** Order key of the end-call event the record holds (internal marker). */
export const END_CALL_KEY = 'endCallKey';

/**
 * The item to store: the contributions as written, and everything derived from them. The
 * handler's engagement is the item's own agent attributes; the monitors' are in `monitoredBy`.
 * `version` may be passed when the caller has already worked it out (to compare it).
 */
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
  const callStart = endCall?.callStart ?? handler?.engagedAt;
  return definedOnly({
    callId: call.callId,
    accountId,
    ...endCallAttributes(endCall),
    // Without an end-call the call starts, for the lists and the days, when it was engaged.
    callStart,
    callDay: callStart === undefined ? undefined : callDayOf(callStart),
    agentId,
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

/** The partition of the calls' `byDay` index: the UTC day of `callStart`. */
function callDayOf(callStart: string): string {
  return callStart.slice(0, 10);
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

function secondsBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 1000);
}
