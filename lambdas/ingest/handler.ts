import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from 'aws-lambda';
import { clientHash } from '../platform/client-hash';
import { instrumented } from '../platform/instrumented';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { publish } from '../platform/publish';
import { sns } from '../platform/sns';
import { DEADLINE_MS, ingestConfigFromEnv } from './config';
import { type IngestOutcome, ingest } from './ingest';
import { quarantine } from './quarantine';
import { internalError } from './responses';

const config = ingestConfigFromEnv();

const dependencies = {
  credentials: config.credentials,
  publish: async (messages: Parameters<typeof publish>[2], signal: AbortSignal) => {
    const started = performance.now();
    await publish(sns, config.eventsTopicArn, messages, signal);
    // The metric keeps its name: dashboards and alarms built on it go on working.
    metrics.addMetric('EnqueueLatency', MetricUnit.Milliseconds, performance.now() - started);
  },
  quarantine: (record: Parameters<typeof quarantine>[2], signal: AbortSignal) =>
    quarantine(sns, config.quarantineTopicArn, record, signal),
  timeZones: config.timeZones,
  maxBodyBytes: config.maxBodyBytes,
  deadlineMs: DEADLINE_MS,
};

/**
 * Counts by kind and by reason as metric names, not dimensions: a dimension needs a separate
 * metrics object per value (singleMetric), which cost more CPU than the rest of a request.
 * `Rejected.<reason>` counts refused events, or the request when its events were never counted
 * (`unauthorized`, `unavailable`).
 */
function record(outcome: IngestOutcome): void {
  metrics.addMetric('Accepted', MetricUnit.Count, outcome.accepted.length);
  const byKind = new Map<string, number>();
  for (const event of outcome.accepted) byKind.set(event.kind, (byKind.get(event.kind) ?? 0) + 1);
  for (const [kind, count] of byKind)
    metrics.addMetric(`Accepted.${kind}`, MetricUnit.Count, count);
  if (outcome.rejection !== undefined) {
    metrics.addMetric('Rejected', MetricUnit.Count, outcome.rejectedEvents);
    metrics.addMetric(`Rejected.${outcome.rejection}`, MetricUnit.Count, outcome.rejectedEvents);
  }
}

/** HTTP API (payload 2.0) -> ingest -> HTTP answer. */
async function ingestHttp(
  event: APIGatewayProxyEventV2,
  _context: Context,
): Promise<APIGatewayProxyStructuredResultV2> {
  logger.setCorrelationId(event.requestContext.requestId);
  const outcome = await ingest(
    {
      method: event.requestContext.http.method,
      route: event.requestContext.http.path,
      rawQueryString: event.rawQueryString,
      headers: event.headers,
      contentType: event.headers['content-type'],
      body: event.body,
      isBase64Encoded: event.isBase64Encoded,
      requestId: event.requestContext.requestId,
      receivedAt: new Date(event.requestContext.timeEpoch),
    },
    dependencies,
  );
  record(outcome);
  // A 503 is an outage, worth a line even where the log level drops the routine ones.
  const log = (outcome.response.statusCode ?? 500) >= 500 ? logger.warn : logger.info;
  log.call(logger, 'request answered', {
    status: outcome.response.statusCode,
    route: event.requestContext.http.path,
    accepted: outcome.accepted.length,
    eventIds: outcome.accepted.map((accepted) => accepted.eventId),
    rejection: outcome.rejection,
    rejectedEvents: outcome.rejectedEvents,
    failure: outcome.failure,
    // A 401 is kept nowhere: the hashed address tells one misconfigured sender from a flood.
    clientHash:
      outcome.rejection === 'unauthorized'
        ? clientHash(event.requestContext.http.sourceIp, config.clientAddressSalt)
        : undefined,
  });
  return outcome.response;
}

export const handler = instrumented(ingestHttp).onError((request) => {
  // Nothing was accepted if we got here; the caller sees no internals.
  logger.error('unexpected failure', { error: String(request.error) });
  request.response = internalError();
});
