import type { CallContribution } from './call-contributions';

export interface CallMerger {
  merge(callId: string, contribution: CallContribution): Promise<unknown>;
}

/**
 * The call merges of one batch, one call at a time. Records of one batch often derive the same
 * engagement (every state event after a call ends sees its span): merged one after the other,
 * the later merge finds it stored and writes nothing, where racing would cost a failed
 * conditional write (billed like a write) and a second round.
 */
export function serialCallMerges(calls: CallMerger): CallMerger {
  const latest = new Map<string, Promise<unknown>>();
  return {
    merge(callId, contribution) {
      const previous = latest.get(callId) ?? Promise.resolve();
      // Each merge stands alone: one that failed does not fail those queued behind it.
      const merged = previous.catch(() => undefined).then(() => calls.merge(callId, contribution));
      latest.set(callId, merged);
      return merged;
    },
  };
}
