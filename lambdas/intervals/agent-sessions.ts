import type { Clock } from '../sessions/staleness';
import {
  type ClosedSegment,
  clipSegments,
  closedSegmentsOf,
  loggedInSpanOf,
  type SessionTimeline,
} from '../states/segments';

/**
 * An agent (`accountId` + `agentId`) is logged in once at a time: a session's time ends, at the
 * latest, when the same agent's next session starts (sessions ordered by when they were logged
 * in, then by login id). A new login thus ends an earlier session whose LOGOUT was missed or
 * came late, and overlapping sessions never count the same wall time twice. A session still
 * logged in ends at the clock's `now`, a stale one at its last event (see `segments.ts`).
 */
export interface AgentSession extends SessionTimeline {
  readonly agentLoginId: string;
  readonly accountId: string;
  readonly agentId: string;
  readonly username?: string;
}

export interface SessionSegment extends ClosedSegment {
  readonly agentLoginId: string;
}

export interface AgentSegments {
  readonly accountId: string;
  readonly agentId: string;
  /** From the agent's latest session that carries one. */
  readonly username?: string;
  /** In order, none overlapping; empty when the agent was not logged in within the window. */
  readonly segments: readonly SessionSegment[];
}

export interface TimeWindow {
  readonly start: string;
  readonly end: string;
}

/** Every agent of `sessions` with their segments clipped to `window`, sorted by agent. */
export function agentSegmentsWithin(
  sessions: readonly AgentSession[],
  window: TimeWindow,
  clock: Clock,
): AgentSegments[] {
  const byAgent = new Map<string, AgentSession[]>();
  for (const session of sessions) {
    const key = agentKeyOf(session);
    byAgent.set(key, [...(byAgent.get(key) ?? []), session]);
  }
  return [...byAgent.values()]
    .map((agentSessions) => segmentsOfAgent(agentSessions, window, clock))
    .sort(byAgentId);
}

/** `${accountId}#${agentId}`, as the tables key agents. */
export function agentKeyOf(agent: {
  readonly accountId: string;
  readonly agentId: string;
}): string {
  return `${agent.accountId}#${agent.agentId}`;
}

/** Agents in agent id order (numbers by value), then by account. */
export function byAgentId(
  a: { readonly accountId: string; readonly agentId: string },
  b: { readonly accountId: string; readonly agentId: string },
): number {
  return compareIds(a.agentId, b.agentId) || compareIds(a.accountId, b.accountId);
}

/** Ids in natural order: numeric ids by value. */
export function compareIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

function segmentsOfAgent(
  sessions: readonly AgentSession[],
  window: TimeWindow,
  clock: Clock,
): AgentSegments {
  const ordered = sessions
    .map((session) => ({ session, startMs: Date.parse(loggedInSpanOf(session, clock).start) }))
    .sort(
      (a, b) => a.startMs - b.startMs || compareIds(a.session.agentLoginId, b.session.agentLoginId),
    );
  const windowEndMs = Date.parse(window.end);
  const segments = ordered.flatMap(({ session }, index) => {
    const nextStartMs = ordered[index + 1]?.startMs ?? windowEndMs;
    const own = closedSegmentsOf(session, clock).map((segment) => ({
      ...segment,
      agentLoginId: session.agentLoginId,
    }));
    return clipSegments(
      own,
      window.start,
      new Date(Math.min(windowEndMs, nextStartMs)).toISOString(),
    );
  });
  const { accountId, agentId } = sessions[0] as AgentSession;
  const username = ordered.findLast(({ session }) => session.username !== undefined)?.session
    .username;
  return { accountId, agentId, ...(username === undefined ? {} : { username }), segments };
}
