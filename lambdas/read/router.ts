import { InvalidParameter } from '../intervals/invalid-parameter';
import { isAuthorized, presentedCredential } from '../platform/auth';
import type { CredentialSource } from '../platform/credentials';
import * as answer from './responses';
import type { ReadDependencies, ReadRequest, RouteAnswer } from './route';
import { READ_ROUTES, type ReadRouteName, readRouteKey } from './route-table';
import { showAgent } from './routes/agent';
import { listAgentIntervals } from './routes/agent-intervals';
import { listAgents } from './routes/agents';
import { showBoard } from './routes/board';
import { showCall } from './routes/call';
import { listDaySegments } from './routes/day-segments';
import { listQueueCalls } from './routes/queue-calls';
import { listQueueIntervals } from './routes/queue-intervals';

/** Each route of the route table and the module that answers it. */
const ANSWERS: Record<ReadRouteName, RouteAnswer> = {
  agents: listAgents,
  agent: showAgent,
  call: showCall,
  queueCalls: listQueueCalls,
  queueIntervals: listQueueIntervals,
  agentIntervals: listAgentIntervals,
  segments: listDaySegments,
  board: showBoard,
};

/** What the router reads of an API Gateway request (HTTP API, payload format 2.0). */
export interface RoutedRequest extends Omit<ReadRequest, 'now'> {
  readonly routeKey: string;
}

export interface Routed {
  readonly response: answer.ReadAnswer;
  /** The route's name, when the request reached one. */
  readonly route?: ReadRouteName;
  /** For a 5xx: what failed, for the logs (never for the caller). */
  readonly failure?: string;
}

/**
 * The read function from request to answer: the route by API Gateway's route key, the read
 * token where the route needs it (`Authorization: Bearer` only: the webhook credential and its
 * other forms do not grant reads), then the route's module. A bad parameter is a 400 naming it;
 * a credential or a table that cannot be read (after the SDK's retries) is a 503.
 */
export function createRouter(
  dependencies: ReadDependencies,
  credentials: CredentialSource,
  now: () => Date = () => new Date(),
): (request: RoutedRequest) => Promise<Routed> {
  const routes = new Map(
    (Object.keys(READ_ROUTES) as ReadRouteName[]).map((name) => [readRouteKey(name), name]),
  );
  return async (request) => {
    const route = routes.get(request.routeKey);
    // API Gateway sends only the routes the stack gives this function.
    if (route === undefined) return { response: answer.notFound('route', 'no such route') };
    try {
      if (READ_ROUTES[route].credential === 'read-token') {
        // Only the Authorization header: X-Webhook-Token is the webhook's.
        const presented = presentedCredential({ authorization: request.headers.authorization });
        const authorized =
          presented.scheme === 'token' && isAuthorized(presented, await credentials());
        if (!authorized) return { response: answer.unauthorized(), route };
      }
    } catch (error) {
      return {
        response: answer.unavailable(),
        route,
        failure: `read credential: ${describe(error)}`,
      };
    }
    try {
      return { response: await ANSWERS[route]({ ...request, now: now() }, dependencies), route };
    } catch (error) {
      if (error instanceof InvalidParameter) {
        return { response: answer.invalidParameter(error.parameter, error.reason), route };
      }
      // The tables could not be read (after the SDK's retries): worth asking again.
      return { response: answer.unavailable(), route, failure: describe(error) };
    }
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
