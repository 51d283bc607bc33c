import type { AgentSession } from '../../../../lambdas/intervals/agent-sessions';
import type { TimelineRow } from '../../../../lambdas/states/segments';

/** Same-second order of the store's order keys: LOGIN 10 ... LOGOUT 70 (see the README). */
const SEQUENCE: Record<string, number> = {
  LOGIN: 10,
  AVAILABLE: 20,
  TRANSITION: 30,
  ENGAGED: 40,
  WORKING: 50,
  LOGOUT: 70,
};

/** A stored timeline row at `occurredAt`, keyed as the store keys it. */
export function rowAt(
  occurredAt: string,
  state: string,
  auxState?: string,
  callId?: string,
  eventId = `${occurredAt}${state}${auxState ?? ''}`,
): TimelineRow {
  const sequence = String(SEQUENCE[state.toUpperCase()] ?? 60).padStart(2, '0');
  return {
    occurredAt,
    timelineKey: `${occurredAt}#${sequence}#${eventId}`,
    state,
    ...(auxState === undefined ? {} : { auxState }),
    ...(callId === undefined ? {} : { callId }),
  };
}

/** A session whose last event is its LOGOUT, else its newest row, else its LOGIN. */
export function sessionOf(
  identity: { agentLoginId: string; agentId: string; username?: string; accountId?: string },
  times: { loginAt?: string; logoutAt?: string },
  rows: TimelineRow[],
): AgentSession {
  const lastEventAt = [times.loginAt, times.logoutAt, ...rows.map((row) => row.occurredAt)]
    .filter((time): time is string => time !== undefined)
    .sort()
    .at(-1) as string;
  return { accountId: '15300002', ...identity, ...times, lastEventAt, rows };
}
