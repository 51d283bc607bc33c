import { isTalkOn, roleOf, type TimelinePoint } from './timeline';

/**
 * How much of an agent's timeline around one point (the anchor) the call rules must see. The
 * window covers every talk / after-call-work span the anchor can belong to, so whichever event of
 * a span arrives last sees the whole span, whatever the arrival order.
 *
 * Both functions get the neighbours nearest first and answer how many of them are needed, or
 * `undefined` when the answer lies beyond the rows given (fetch more, or take all if none remain).
 */

/** Backwards: through the anchor's own talk run, then after-call work, then one whole talk run. */
export function rowsNeededBefore(
  anchor: TimelinePoint,
  before: readonly TimelinePoint[],
): number | undefined {
  const anchorRole = roleOf(anchor);
  let index = anchorRole.role === 'talk' ? skipTalk(before, 0, anchorRole.callId) : 0;
  index = skipAfterCallWork(before, index);
  const boundary = before[index];
  if (boundary === undefined) return undefined;
  const boundaryRole = roleOf(boundary);
  // Any other state ends every span that started before it.
  if (boundaryRole.role !== 'talk') return index;
  // A talk run: its span may end at the anchor; spans before it end at its first row.
  index = skipTalk(before, index, boundaryRole.callId);
  return index < before.length ? index : undefined;
}

/** Forwards: through the anchor's talk run and after-call work, up to the point that ends them. */
export function rowsNeededAfter(
  anchor: TimelinePoint,
  after: readonly TimelinePoint[],
): number | undefined {
  const anchorRole = roleOf(anchor);
  if (anchorRole.role === 'other') return 0;
  let index = anchorRole.role === 'talk' ? skipTalk(after, 0, anchorRole.callId) : 0;
  index = skipAfterCallWork(after, index);
  return index < after.length ? index + 1 : undefined;
}

/** The window in timeline order, with the agent's logout (if known) placed where it belongs. */
export function assembleView(
  before: readonly TimelinePoint[],
  anchor: TimelinePoint,
  after: readonly TimelinePoint[],
  logout?: TimelinePoint,
): TimelinePoint[] {
  const view = [...[...before].reverse(), anchor, ...after];
  if (logout === undefined || view.some((point) => point.timelineKey === logout.timelineKey)) {
    return view;
  }
  return [...view, logout].sort((a, b) => compareKeys(a.timelineKey, b.timelineKey));
}

function skipTalk(points: readonly TimelinePoint[], from: number, callId: string): number {
  let index = from;
  while (index < points.length && isTalkOn(points[index] as TimelinePoint, callId)) index++;
  return index;
}

function skipAfterCallWork(points: readonly TimelinePoint[], from: number): number {
  let index = from;
  while (index < points.length && roleOf(points[index] as TimelinePoint).role === 'afterCallWork') {
    index++;
  }
  return index;
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
