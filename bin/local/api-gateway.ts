/**
 * A local stand-in for the API Gateway HTTP API: matches each HTTP request to a route as API
 * Gateway does (a literal path before one with `{parameters}`), turns it into a payload-format
 * 2.0 event, calls the real handler of that route (ingest, or read), and writes its structured
 * result back.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { SUBSCRIPTION_ROUTE } from '../../lambdas/ingest/subscription';
import { READ_METHOD, READ_ROUTES } from '../../lambdas/read/route-table';
import { lambdaContext } from './lambda-context';

export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** The functions behind the API; a route of a function not given answers like an unknown one. */
export interface LocalFunctions {
  ingest: HttpHandler;
  read?: HttpHandler;
}

/** The routes the stack deploys (see lib/): method, path and the function behind them. */
export const ROUTES: readonly { routeKey: string; function: keyof LocalFunctions }[] = [
  ...['/v1/events', '/v1/agent-events', '/v1/call-events'].flatMap((path) =>
    ['POST', 'GET'].map((method) => ({
      routeKey: `${method} ${path}`,
      function: 'ingest' as const,
    })),
  ),
  { routeKey: `POST ${SUBSCRIPTION_ROUTE}`, function: 'ingest' },
  { routeKey: 'GET /v1/health', function: 'ingest' },
  ...Object.values(READ_ROUTES).map(({ path }) => ({
    routeKey: `${READ_METHOD} ${path}`,
    function: 'read' as const,
  })),
];

interface Matched {
  readonly routeKey: string;
  readonly function: keyof LocalFunctions;
  readonly pathParameters?: Record<string, string>;
}

/** The route API Gateway would pick: an exact path first, else one whose `{parameters}` fit. */
export function matchRoute(method: string, path: string): Matched | undefined {
  const exact = ROUTES.find((route) => route.routeKey === `${method} ${path}`);
  if (exact !== undefined) return exact;
  const segments = path.split('/');
  for (const route of ROUTES) {
    const [routeMethod, routePath = ''] = route.routeKey.split(' ');
    const pattern = routePath.split('/');
    if (routeMethod !== method || pattern.length !== segments.length) continue;
    const parameters: Record<string, string> = {};
    const fits = pattern.every((part, index) => {
      const segment = segments[index] ?? '';
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (name === undefined) return part === segment;
      if (segment === '') return false;
      parameters[name] = decoded(segment);
      return true;
    });
    if (fits) return { ...route, pathParameters: parameters };
  }
  return undefined;
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Requests above this never reach the function, as with API Gateway's 10 MB limit. */
const GATEWAY_MAX_BYTES = 10 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function isUtf8Text(bytes: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The payload-2.0 event API Gateway would build for this request. */
export function toApiGatewayEvent(
  request: IncomingMessage,
  body: Buffer,
  routeKey: string,
  pathParameters?: Record<string, string>,
): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined)
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const queryStringParameters: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    queryStringParameters[name] =
      name in queryStringParameters ? `${queryStringParameters[name]},${value}` : value;
  }
  const text = isUtf8Text(body);
  const now = new Date();
  const requestId = randomUUID();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    // As sent: URL parsing would re-encode characters such as ' and " that the sender left bare.
    rawQueryString: (request.url ?? '').split('?').slice(1).join('?'),
    headers,
    queryStringParameters:
      Object.keys(queryStringParameters).length > 0 ? queryStringParameters : undefined,
    ...(pathParameters === undefined ? {} : { pathParameters }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'local',
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    body: body.length === 0 ? undefined : text ? body.toString('utf8') : body.toString('base64'),
    isBase64Encoded: body.length > 0 && !text,
  };
}

function send(response: ServerResponse, status: number, body: string, headers = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(body);
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  functions: LocalFunctions,
) {
  const path = new URL(request.url ?? '/', 'http://localhost').pathname;
  const route = matchRoute(request.method ?? 'GET', path);
  const handler = route === undefined ? undefined : functions[route.function];
  if (route === undefined || handler === undefined) {
    // API Gateway answers unknown routes itself; the function never sees them.
    send(response, 404, JSON.stringify({ message: 'Not Found' }));
    return;
  }
  const body = await readBody(request);
  if (body === undefined) {
    send(response, 413, JSON.stringify({ message: 'Request Entity Too Large' }));
    return;
  }
  const event = toApiGatewayEvent(request, body, route.routeKey, route.pathParameters);
  try {
    const result = await handler(
      event,
      lambdaContext(`engage-wfm-${route.function}-local`, event.requestContext.requestId, 10_000),
    );
    const payload = Buffer.from(result.body ?? '', result.isBase64Encoded ? 'base64' : 'utf8');
    // With a length, as API Gateway answers (never chunked): the answer's size is as deployed.
    response.writeHead(result.statusCode ?? 200, {
      'content-type': 'application/json',
      ...(result.headers as Record<string, string> | undefined),
      'content-length': payload.length,
      'apigw-requestid': event.requestContext.requestId,
    });
    response.end(payload);
  } catch {
    // A function error is a 500 with API Gateway's own body, never the error's text.
    send(response, 500, JSON.stringify({ message: 'Internal Server Error' }));
  }
}

export interface LocalApi {
  server: Server;
  url: string;
  close(): Promise<void>;
}

/**
 * Serves the functions on 127.0.0.1:`port` (0 picks a free port); a single handler is ingest
 * alone.
 */
export async function startLocalApi(
  served: LocalFunctions | HttpHandler,
  port = 0,
): Promise<LocalApi> {
  const functions = typeof served === 'function' ? { ingest: served } : served;
  const server = createServer((request, response) => {
    handle(request, response, functions).catch(() => send(response, 500, '{"message":"error"}'));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: actual } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
