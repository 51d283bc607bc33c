import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { CallReader } from '../platform/dynamodb/call-reader';
import { dynamodb } from '../platform/dynamodb/client';
import { SessionReader } from '../platform/dynamodb/session-reader';
import { TimelineReader } from '../platform/dynamodb/timeline-reader';
import { instrumented } from '../platform/instrumented';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { readConfigFromEnv } from './config';
import { internalError } from './responses';
import { createRouter } from './router';

const config = readConfigFromEnv();

const route = createRouter(
  {
    sessions: new SessionReader(dynamodb, config.tables.sessions),
    timeline: new TimelineReader(dynamodb, config.tables.states),
    calls: new CallReader(dynamodb, config.tables.calls),
    staleAfterHours: config.staleAfterHours,
    timeZones: config.timeZones,
  },
  config.credentials,
);

/** HTTP API (payload 2.0) -> route -> HTTP answer; nothing here writes. */
async function readHttp(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  logger.setCorrelationId(event.requestContext.requestId);
  const {
    response,
    route: name,
    failure,
  } = await route({
    routeKey: event.routeKey,
    headers: event.headers,
    pathParameters: event.pathParameters,
    rawQueryString: event.rawQueryString,
  });
  // Counts as metric names, as the other functions do: `Read` and `Read.<status>`.
  metrics.addMetric('Read', MetricUnit.Count, 1);
  metrics.addMetric(`Read.${response.statusCode}`, MetricUnit.Count, 1);
  const log = response.statusCode >= 500 ? logger.warn : logger.info;
  log.call(logger, 'request answered', { status: response.statusCode, route: name, failure });
  return response;
}

export const handler = instrumented(readHttp).onError((request) => {
  logger.error('unexpected failure', { error: String(request.error) });
  request.response = internalError();
});
