import { byAgentId } from '../../intervals/agent-sessions';
import { logoutPartitionsOf } from '../../intervals/day-reads';
import { type AgentStatus, agentStatusOf } from '../../sessions/agent-status';
import {
  currentSessions,
  entriesWorthReading,
  type PresenceEntry,
} from '../../sessions/current-sessions';
import { LOGGED_IN_PRESENCE } from '../../sessions/session-update';
import type { Clock } from '../../sessions/staleness';
import { ACTIVITIES, type Activity } from '../../states/activity';
import { QueryParameters } from '../parameters';
import { ok } from '../responses';
import { clockOf, type ReadDependencies, type RouteAnswer } from '../route';

const PARAMETERS = ['accountId', 'activity', 'includeLoggedOut', 'includeStale'];
const HOUR_MS = 3_600_000;

/**
 * `GET /v1/agents`: every agent's current session (`sessions/current-sessions.ts`) as an
 * `AgentStatus`, sorted by agent id, with counts per activity of the agents listed, stale ones
 * left out of the counts as on the board. Logged-in agents come from the open sessions of the
 * `byPresence` index: one Query, then one BatchGetItem per 100 sessions. Logged-out agents
 * (`includeLoggedOut=true`, or `activity=logged-out`) are those whose session's LOGOUT lies
 * within the last `STALE_AFTER_HOURS`, read from the index's partitions of those UTC days.
 */
export const listAgents: RouteAnswer = async (request, dependencies) => {
  const query = new QueryParameters(request.rawQueryString, PARAMETERS);
  const accountId = query.id('accountId');
  const activity = query.oneOf('activity', ACTIVITIES);
  const includeLoggedOut = query.flag('includeLoggedOut') || activity === 'logged-out';
  const includeStale = query.flag('includeStale');
  const clock = clockOf(request, dependencies);

  const { sessions } = dependencies;
  const entries = await Promise.all([
    sessions.presenceEntries(LOGGED_IN_PRESENCE, accountId),
    includeLoggedOut ? recentLogouts(dependencies, clock, accountId) : [],
  ]);
  const worthReading = entriesWorthReading(entries.flat());
  const read = await sessions.sessions(worthReading.map((entry) => entry.agentLoginId));
  const agents = currentSessions(read)
    .map((session) => agentStatusOf(session, clock))
    .filter(
      (agent) =>
        (includeLoggedOut || agent.activity !== 'logged-out') &&
        (includeStale || !agent.stale) &&
        (activity === undefined || agent.activity === activity),
    )
    .sort(byAgentId);
  return ok({ asOf: clock.now, counts: countsOf(agents), agents });
};

/** Sessions logged out within the last `staleAfterHours`, from each UTC day's partition. */
async function recentLogouts(
  { sessions, staleAfterHours }: ReadDependencies,
  clock: Clock,
  accountId: string | undefined,
): Promise<PresenceEntry[]> {
  const nowMs = Date.parse(clock.now);
  const sinceMs = nowMs - staleAfterHours * HOUR_MS;
  const since = new Date(sinceMs).toISOString();
  const partitions = await Promise.all(
    logoutPartitionsOf(sinceMs, nowMs).map((presence) =>
      sessions.presenceEntries(presence, accountId),
    ),
  );
  return partitions.flat().filter((entry) => (entry.logoutAt ?? '') >= since);
}

/** Agents per activity, every activity named; stale sessions are listed but not counted. */
function countsOf(agents: readonly AgentStatus[]): Record<Activity, number> {
  const counts = Object.fromEntries(ACTIVITIES.map((activity) => [activity, 0])) as Record<
    Activity,
    number
  >;
  for (const agent of agents) if (!agent.stale) counts[agent.activity] += 1;
  return counts;
}
