import { AGENT_INTERVAL_COLUMNS, agentIntervals } from '../../intervals/agent-figures';
import { callsOnTimelines, sessionsOfDay } from '../day-data';
import { dayAnswer, dayRequestOf, intervalsOf } from '../day-request';
import { clockOf, type RouteAnswer } from '../route';

/**
 * `GET /v1/intervals/agents?date=&minutes=[&agentId=][&timeZone=][&accountId=][&format=]`: one
 * row per agent and interval with logged-in time (`intervals/agent-figures.ts`), from the
 * sessions of the day and the calls their timelines name (`day-data.ts`).
 */
export const listAgentIntervals: RouteAnswer = async (request, dependencies) => {
  const asked = dayRequestOf(request, dependencies, ['minutes', 'agentId']);
  const grid = intervalsOf(asked);
  const agentId = asked.query.id('agentId');
  const clock = clockOf(request, dependencies);
  const sessions = await sessionsOfDay(dependencies, asked.day, clock, {
    ...(asked.accountId === undefined ? {} : { accountId: asked.accountId }),
    ...(agentId === undefined ? {} : { agentId }),
  });
  const calls = await callsOnTimelines(dependencies, sessions);
  // A call on the agent's timeline may count as handled for another agent (the agent listened
  // in): only the agent asked for is shown.
  const rows = agentIntervals(sessions, calls, grid, clock).filter(
    (row) => agentId === undefined || row.agentId === agentId,
  );
  return dayAnswer(asked, 'agent-intervals', AGENT_INTERVAL_COLUMNS, rows, {
    minutes: grid.minutes,
    asOf: clock.now,
  });
};
