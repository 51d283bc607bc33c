import { isTalkOn, roleOf, type TimelinePoint } from './timeline';

/**
 * One agent's part in one call, read off the agent's timeline (order keys, see `events/order-key.ts`):
 * - `engagedKey`: the first point ENGAGED on the call;
 * - `talkEndKey`: the first point after it that is not talking on this call (talk ends);
 * - `afterCallWorkEndKey`: the first point from there on that is not after-call work (the agent is
 *   free again); equal to `talkEndKey` when no after-call work followed.
 */
export interface EngagementSpan {
  readonly callId: string;
  readonly engagedKey: string;
  readonly talkEndKey: string;
  readonly afterCallWorkEndKey: string;
}

/**
 * Every span in `view` (points in timeline order) that has ended. Each key is the earliest the view
 * allows, and a view with more points can only move a key earlier; so keeping the earliest key seen
 * per call and agent converges to the value of the complete timeline, in any arrival order.
 * Spans still open (the agent is talking or wrapping up) are left out.
 */
export function endedEngagements(view: readonly TimelinePoint[]): EngagementSpan[] {
  const spans: EngagementSpan[] = [];
  const calls = new Set<string>();
  view.forEach((point, engagedIndex) => {
    const role = roleOf(point);
    if (role.role !== 'talk' || calls.has(role.callId)) return;
    calls.add(role.callId);
    let talkEnd = engagedIndex + 1;
    while (talkEnd < view.length && isTalkOn(view[talkEnd] as TimelinePoint, role.callId)) {
      talkEnd++;
    }
    let workEnd = talkEnd;
    while (
      workEnd < view.length &&
      roleOf(view[workEnd] as TimelinePoint).role === 'afterCallWork'
    ) {
      workEnd++;
    }
    const talkEndPoint = view[talkEnd];
    const workEndPoint = view[workEnd];
    if (talkEndPoint === undefined || workEndPoint === undefined) return;
    spans.push({
      callId: role.callId,
      engagedKey: point.timelineKey,
      talkEndKey: talkEndPoint.timelineKey,
      afterCallWorkEndKey: workEndPoint.timelineKey,
    });
  });
  return spans;
}
