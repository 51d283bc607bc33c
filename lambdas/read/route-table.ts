/**
 * The read function's routes, every one a GET. The CDK stack and the local API Gateway route
 * these paths to the read function; its router answers each with the module of the same name in
 * `routes/`. Adding a route is one entry here and one module there.
 */
export type RouteCredential = 'read-token' | 'none';

export const READ_ROUTES = {
  agents: { path: '/v1/agents', credential: 'read-token' },
  agent: { path: '/v1/agents/{agentLoginId}', credential: 'read-token' },
  call: { path: '/v1/calls/{callId}', credential: 'read-token' },
  queueCalls: { path: '/v1/queues/{gateId}/calls', credential: 'read-token' },
  queueIntervals: { path: '/v1/intervals/queues', credential: 'read-token' },
  agentIntervals: { path: '/v1/intervals/agents', credential: 'read-token' },
  segments: { path: '/v1/segments', credential: 'read-token' },
  // The page itself holds nothing: it asks for the read token and sends it with every read.
  board: { path: '/board', credential: 'none' },
} as const satisfies Record<string, { path: string; credential: RouteCredential }>;

export type ReadRouteName = keyof typeof READ_ROUTES;

export const READ_METHOD = 'GET';

/** `GET /v1/agents/{agentLoginId}`: the route key API Gateway hands the function. */
export function readRouteKey(name: ReadRouteName): string {
  return `${READ_METHOD} ${READ_ROUTES[name].path}`;
}
