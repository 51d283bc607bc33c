import { createHash } from 'node:crypto';
import { accountOf, type CallContributions, type Engagement } from './call-contributions';

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

function sortedEntries(value: object): [string, unknown][] {
  return Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
