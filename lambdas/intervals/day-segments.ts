import type { Clock } from '../sessions/staleness';
import type { Activity } from '../states/activity';
import { type AgentSession, agentSegmentsWithin } from './agent-sessions';
import type { LocalDay } from './local-day';

/**
 * **Day segments**: every agent's state segments that overlap the local day, clipped to it (a
 * segment across midnight is listed on both days, each part with its own `seconds`), one row
 * each, by agent then time. They are the segments of `segments.ts` with the agent rule of
 * `agent-sessions.ts` (one session at a time), so per agent they never overlap and add up to
 * the agent's `loggedInSeconds` of the day. A session still logged in ends at the clock's `now`
 * (a later request lists a later end); a stale one at its last event.
 */
export interface DaySegmentRow {
  readonly agentId: string;
  readonly agentLoginId: string;
  readonly state: string;
  readonly auxState?: string;
  readonly activity: Activity;
  readonly start: string;
  readonly end: string;
  readonly seconds: number;
  readonly callId?: string;
}

export const DAY_SEGMENT_COLUMNS = [
  'agentId',
  'agentLoginId',
  'state',
  'auxState',
  'activity',
  'start',
  'end',
  'seconds',
  'callId',
] as const satisfies readonly (keyof DaySegmentRow)[];

export function daySegments(
  sessions: readonly AgentSession[],
  day: LocalDay,
  clock: Clock,
): DaySegmentRow[] {
  return agentSegmentsWithin(sessions, day, clock).flatMap(({ agentId, segments }) =>
    segments.map(({ agentLoginId, state, auxState, activity, start, end, seconds, callId }) => ({
      agentId,
      agentLoginId,
      state,
      ...(auxState === undefined ? {} : { auxState }),
      activity,
      start,
      end,
      seconds,
      ...(callId === undefined ? {} : { callId }),
    })),
  );
}
