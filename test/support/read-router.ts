import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallReader } from '../../lambdas/platform/dynamodb/call-reader';
import { SessionReader } from '../../lambdas/platform/dynamodb/session-reader';
import { TimelineReader } from '../../lambdas/platform/dynamodb/timeline-reader';
import { createRouter } from '../../lambdas/read/router';
import type { RequestLog } from './request-log';
import type { StoreTableNames } from './store-tables';

/**
 * The read function's router over a set of tables, as its handler composes it, with `client`
 * (one whose commands a test counts) and a fixed read token; days in UTC.
 */
export function readRouterOn(client: DynamoDBClient, names: StoreTableNames, token: string) {
  return createRouter(
    {
      sessions: new SessionReader(client, names.sessions),
      timeline: new TimelineReader(client, names.states),
      calls: new CallReader(client, names.calls),
      staleAfterHours: 12,
      timeZones: { defaultZone: 'UTC', byAccount: {} },
    },
    async () => [{ token }],
  );
}

/** One GET through the router: its answer, the DynamoDB commands it sent by name, its time. */
export async function countedRead(
  route: ReturnType<typeof readRouterOn>,
  log: RequestLog,
  token: string,
  path: string,
  query: string,
) {
  log.reset();
  const started = performance.now();
  const { response } = await route({
    routeKey: `GET ${path}`,
    rawQueryString: query,
    headers: { authorization: `Bearer ${token}` },
  });
  const ms = performance.now() - started;
  const requests: Record<string, number> = {};
  for (const { name } of log.sent) requests[name] = (requests[name] ?? 0) + 1;
  return { response, requests, ms };
}
