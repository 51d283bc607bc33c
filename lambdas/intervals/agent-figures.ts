import { isHandledBy, type StoredCall } from '../calls/stored-call';
import type { Clock } from '../sessions/staleness';
import {
  type AgentSegments,
  type AgentSession,
  agentKeyOf,
  agentSegmentsWithin,
  byAgentId,
  type SessionSegment,
} from './agent-sessions';
import { type DayIntervals, intervalIndexAt, overlapsOf } from './local-day';

/**
 * **Agent intervals**: one row per agent (`accountId` + `agentId`, over all of the agent's
 * sessions, one at a time: `agent-sessions.ts`) and interval in which the agent was logged in or
 * handled a call. Seconds come from the agent's segments (`segments.ts`), cut at interval
 * boundaries:
 * - `talkSeconds`: activity `talking` on a call the agent handles (`isHandledBy`): a supervisor
 *   ENGAGED on another login's call (the call's `agentLoginId`, or the login is in its
 *   `monitoredBy`) is not talking but other time. ENGAGED with no call id counts as talk;
 * - `afterCallWorkSeconds`: activity `after-call-work`; `availableSeconds`: `available`;
 * - `otherSeconds`: everything else while logged in (reserved, ringing, breaks, custom states,
 *   logging in, listening in);
 * - `loggedInSeconds`: their sum, the time between the session's LOGIN (else its first event)
 *   and its LOGOUT; a session without one ends at its last event if stale, else now;
 * - `stateSeconds`: the same time by `STATE` or `STATE/aux` as stored (verbatim, so `ON BREAK`
 *   and `ON-BREAK` are two keys; the time before the first state row is `LOGIN`); it adds up to
 *   `loggedInSeconds` too;
 * - `callsHandled`: calls whose handler engagement (`engagedAt` of the call's `agentLoginId`)
 *   started in the interval, counted for that login's agent.
 * Seconds are whole when the times are (events carry whole seconds; `now` is cut to one).
 */
export interface AgentIntervalRow {
  readonly agentId: string;
  readonly username?: string;
  readonly intervalStart: string;
  readonly localStart: string;
  readonly loggedInSeconds: number;
  readonly availableSeconds: number;
  readonly talkSeconds: number;
  readonly afterCallWorkSeconds: number;
  readonly otherSeconds: number;
  readonly callsHandled: number;
  readonly stateSeconds: Readonly<Record<string, number>>;
}

export const AGENT_INTERVAL_COLUMNS = [
  'agentId',
  'username',
  'intervalStart',
  'localStart',
  'loggedInSeconds',
  'availableSeconds',
  'talkSeconds',
  'afterCallWorkSeconds',
  'otherSeconds',
  'callsHandled',
  'stateSeconds',
] as const satisfies readonly (keyof AgentIntervalRow)[];

type Category = 'available' | 'talk' | 'afterCallWork' | 'other';

interface Tally {
  readonly ms: Record<Category, number>;
  readonly byState: Map<string, number>;
  callsHandled: number;
}

interface AgentTallies {
  readonly agent: Omit<AgentSegments, 'segments'>;
  readonly byInterval: Map<number, Tally>;
}

export function agentIntervals(
  sessions: readonly AgentSession[],
  calls: readonly StoredCall[],
  grid: DayIntervals,
  clock: Clock,
): AgentIntervalRow[] {
  const callsById = new Map(calls.map((call) => [call.callId, call]));
  const agents = new Map<string, AgentTallies>();
  const talliesOf = (agent: AgentTallies['agent']) => {
    const key = agentKeyOf(agent);
    let tallies = agents.get(key);
    if (tallies === undefined) {
      tallies = { agent, byInterval: new Map() };
      agents.set(key, tallies);
    }
    return tallies;
  };
  for (const { segments, ...agent } of agentSegmentsWithin(sessions, grid.day, clock)) {
    const { byInterval } = talliesOf(agent);
    for (const segment of segments) {
      const category = categoryOf(segment, agent.agentId, callsById);
      const state =
        segment.auxState === undefined ? segment.state : `${segment.state}/${segment.auxState}`;
      for (const [index, ms] of overlapsOf(
        grid,
        Date.parse(segment.start),
        Date.parse(segment.end),
      )) {
        const tally = tallyAt(byInterval, index);
        tally.ms[category] += ms;
        tally.byState.set(state, (tally.byState.get(state) ?? 0) + ms);
      }
    }
  }
  const loginAgents = new Map(sessions.map((session) => [session.agentLoginId, session]));
  for (const call of calls) {
    if (call.agentLoginId === undefined || call.engagedAt === undefined) continue;
    const index = intervalIndexAt(grid, Date.parse(call.engagedAt));
    const agent = loginAgents.get(call.agentLoginId) ?? handlerOfCall(call);
    if (index === undefined || agent === undefined) continue;
    tallyAt(talliesOf(agent).byInterval, index).callsHandled += 1;
  }
  return [...agents.values()]
    .sort((a, b) => byAgentId(a.agent, b.agent))
    .flatMap(({ agent, byInterval }) =>
      [...byInterval.entries()]
        .sort(([a], [b]) => a - b)
        .map(([index, tally]) => rowOf(agent, grid, index, tally)),
    );
}

function categoryOf(
  segment: SessionSegment,
  agentId: string,
  callsById: ReadonlyMap<string, StoredCall>,
): Category {
  switch (segment.activity) {
    case 'available':
      return 'available';
    case 'after-call-work':
      return 'afterCallWork';
    case 'talking': {
      const call = segment.callId === undefined ? undefined : callsById.get(segment.callId);
      return isHandledBy(call, { agentLoginId: segment.agentLoginId, agentId }) ? 'talk' : 'other';
    }
    default:
      return 'other';
  }
}

/** A handler whose session was not given: known by the call's own account and agent. */
function handlerOfCall(call: StoredCall): AgentTallies['agent'] | undefined {
  const { accountId, agentId } = call;
  return accountId === undefined || agentId === undefined ? undefined : { accountId, agentId };
}

function tallyAt(byInterval: Map<number, Tally>, index: number): Tally {
  let tally = byInterval.get(index);
  if (tally === undefined) {
    tally = {
      ms: { available: 0, talk: 0, afterCallWork: 0, other: 0 },
      byState: new Map(),
      callsHandled: 0,
    };
    byInterval.set(index, tally);
  }
  return tally;
}

function rowOf(
  agent: AgentTallies['agent'],
  grid: DayIntervals,
  index: number,
  { ms, byState, callsHandled }: Tally,
): AgentIntervalRow {
  const interval = grid.intervals[index];
  if (interval === undefined) throw new RangeError(`interval ${index} is outside the day`);
  const seconds = (value: number) => value / 1000;
  return {
    agentId: agent.agentId,
    ...(agent.username === undefined ? {} : { username: agent.username }),
    intervalStart: interval.intervalStart,
    localStart: interval.localStart,
    loggedInSeconds: seconds(ms.available + ms.talk + ms.afterCallWork + ms.other),
    availableSeconds: seconds(ms.available),
    talkSeconds: seconds(ms.talk),
    afterCallWorkSeconds: seconds(ms.afterCallWork),
    otherSeconds: seconds(ms.other),
    callsHandled,
    stateSeconds: Object.fromEntries(
      [...byState.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([state, value]) => [state, seconds(value)]),
    ),
  };
}
