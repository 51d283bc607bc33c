import { type Clock, isStale, type SessionTimes } from '../sessions/staleness';
import { type Activity, activityOf, isLogoutState, type StateOf } from './activity';
import type { TimelinePoint } from './timeline';

/**
 * A session's **segments**: its timeline as consecutive, non-overlapping spans of one state each,
 * in order.
 *
 * - The session is logged in from its LOGIN (`loginAt`), else from its first timeline row, until
 *   its LOGOUT: the LOGOUT event (`logoutAt`) or a state row entering LOGOUT, whichever is
 *   earlier. A session with neither is still logged in, unless it is stale (see `staleness.ts`):
 *   then it ends at its last event.
 * - Time from the LOGIN to the first state row is a segment of its own: state `LOGIN`, activity
 *   `logging-in`. A session with no state row at all is one such segment.
 * - Each row starts a segment that lasts until the next row. A row that repeats the state, aux
 *   state and call of the one before it continues that segment. Rows of the same instant (the
 *   sender's same-second pairs, LOGIN -> AVAILABLE or TRANSITION -> ENGAGED) would give segments
 *   of no length: those are left out, the last row of the instant starts the segment.
 * - Rows at or after the session's end (after its LOGOUT) are left out; a row before the LOGIN
 *   counts from the LOGIN.
 * - The last segment of a session still logged in is open (no `end`, no `seconds`), or, for
 *   interval figures and day segments, ends at the clock's `now` (whole seconds).
 */
export interface TimelineRow extends TimelinePoint {
  readonly occurredAt: string;
}

/** A session item's times and its timeline rows (docs/tables.md, sessions and states). */
export interface SessionTimeline extends SessionTimes {
  readonly rows: readonly TimelineRow[];
}

export interface Segment {
  readonly state: string;
  readonly auxState?: string;
  readonly activity: Activity;
  readonly start: string;
  readonly end?: string;
  readonly seconds?: number;
  readonly callId?: string;
}

export interface ClosedSegment extends Segment {
  readonly end: string;
  readonly seconds: number;
}

/** When the session was logged in; no `end` while it still is. */
export interface LoggedInSpan {
  readonly start: string;
  readonly end?: string;
}

/** Segments as the agents API shows them: the last one open while the session is logged in. */
export function segmentsOf(session: SessionTimeline, clock: Clock): Segment[] {
  return segmentsWithin(session, loggedInSpanOf(session, clock));
}

/** Segments up to now: a session still logged in ends at the clock's `now`. */
export function closedSegmentsOf(session: SessionTimeline, clock: Clock): ClosedSegment[] {
  return segmentsWithin(session, loggedInSpanOf(session, clock, 'now')) as ClosedSegment[];
}

export function loggedInSpanOf(
  session: SessionTimeline,
  clock: Clock,
  openUntil: 'open' | 'now' = 'open',
): LoggedInSpan {
  const rows = inOrder(session.rows);
  const first = rows[0]?.occurredAt;
  const startMs = Date.parse(session.loginAt ?? first ?? session.logoutAt ?? session.lastEventAt);
  const logoutRow = rows.find((row) => isLogoutState(row.state))?.occurredAt;
  const logoutMs = Math.min(...[session.logoutAt, logoutRow].filter(isDefined).map(Date.parse));
  let endMs: number | undefined = logoutMs;
  if (!Number.isFinite(logoutMs)) {
    // The session item may lag behind its timeline by a write: the newest row counts as an event.
    const lastEventMs = Math.max(
      Date.parse(session.lastEventAt),
      Date.parse(rows.at(-1)?.occurredAt ?? session.lastEventAt),
    );
    if (isStale(session, clock)) endMs = lastEventMs;
    else if (openUntil === 'now') endMs = Math.max(wholeSeconds(clock.now), lastEventMs);
    else endMs = undefined;
  }
  const start = new Date(startMs).toISOString();
  return endMs === undefined
    ? { start }
    : { start, end: new Date(Math.max(startMs, endMs)).toISOString() };
}

/** The segments' parts within [from, to); segments outside it are left out. */
export function clipSegments<S extends ClosedSegment>(
  segments: readonly S[],
  from: string,
  to: string,
): S[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  const clipped: S[] = [];
  for (const segment of segments) {
    const startMs = Math.max(Date.parse(segment.start), fromMs);
    const endMs = Math.min(Date.parse(segment.end), toMs);
    if (endMs <= startMs) continue;
    clipped.push({
      ...segment,
      start: new Date(startMs).toISOString(),
      end: new Date(endMs).toISOString(),
      seconds: (endMs - startMs) / 1000,
    });
  }
  return clipped;
}

const LOGGING_IN: StateOf = { state: 'LOGIN' };

interface Mark {
  readonly atMs: number;
  readonly point: StateOf & { readonly callId?: string };
}

function segmentsWithin(session: SessionTimeline, span: LoggedInSpan): Segment[] {
  const startMs = Date.parse(span.start);
  const endMs = span.end === undefined ? undefined : Date.parse(span.end);
  if (endMs === startMs) return [];
  const marks: Mark[] = [{ atMs: startMs, point: LOGGING_IN }];
  for (const row of inOrder(session.rows)) {
    const atMs = Math.max(Date.parse(row.occurredAt), startMs);
    if (endMs !== undefined && atMs >= endMs) break;
    const last = marks.at(-1) as Mark;
    if (atMs === last.atMs) marks.pop();
    if (!continues(marks.at(-1), row)) marks.push({ atMs, point: row });
  }
  return marks.map((mark, index) => segmentOf(mark, marks[index + 1]?.atMs ?? endMs));
}

function continues(previous: Mark | undefined, row: TimelineRow): boolean {
  return (
    previous !== undefined &&
    previous.point.state === row.state &&
    previous.point.auxState === row.auxState &&
    previous.point.callId === row.callId
  );
}

function segmentOf({ atMs, point }: Mark, endMs: number | undefined): Segment {
  const { state, auxState, callId } = point;
  return {
    state,
    ...(auxState === undefined ? {} : { auxState }),
    activity: activityOf(point),
    start: new Date(atMs).toISOString(),
    ...(endMs === undefined
      ? {}
      : { end: new Date(endMs).toISOString(), seconds: (endMs - atMs) / 1000 }),
    ...(callId === undefined ? {} : { callId }),
  };
}

function inOrder(rows: readonly TimelineRow[]): TimelineRow[] {
  return [...rows].sort((a, b) =>
    a.timelineKey < b.timelineKey ? -1 : a.timelineKey > b.timelineKey ? 1 : 0,
  );
}

function wholeSeconds(iso: string): number {
  return Math.floor(Date.parse(iso) / 1000) * 1000;
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}
