import { occurredAtOfKey } from '../events/order-key';
import { definedOnly, type Item, mapOf, numberOf, textOf } from '../items/item';
import type { CallContributions, EndCall, Engagement } from './call-contributions';
import { END_CALL_KEY, END_CALL_NUMBERS, END_CALL_TEXT } from './call-item';

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

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new Error(`stored call item lacks ${name}`);
  return value;
}
