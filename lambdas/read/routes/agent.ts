import { agentStatusOf } from '../../sessions/agent-status';
import { segmentsOf } from '../../states/segments';
import { noQueryParameters, pathParameter } from '../parameters';
import { notFound, ok } from '../responses';
import { clockOf, type RouteAnswer } from '../route';

/**
 * `GET /v1/agents/{agentLoginId}`: one session as the agents list shows it, whether or not it
 * is the agent's current one, with its `segments` (`states/segments.ts`): the timeline as
 * consecutive, non-overlapping spans, the last one open while the session is logged in.
 */
export const showAgent: RouteAnswer = async (request, dependencies) => {
  noQueryParameters(request.rawQueryString);
  const agentLoginId = pathParameter(request.pathParameters, 'agentLoginId');
  const clock = clockOf(request, dependencies);
  const [session, rows] = await Promise.all([
    dependencies.sessions.session(agentLoginId),
    dependencies.timeline.rows(agentLoginId),
  ]);
  if (session === undefined) return notFound('agentLoginId', 'no session with this login id');
  return ok({
    ...agentStatusOf(session, clock),
    segments: segmentsOf({ ...session, rows }, clock),
  });
};
