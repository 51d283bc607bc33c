import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { logger } from './logger';
import { metrics } from './metrics';

/**
 * A function's handler with what every function of the forwarder shares, set up in one place:
 * the Lambda context on every log line (never the event itself: it holds personal data), and
 * the metrics the invocation added, flushed once at its end. No early-timeout race (a timer and
 * a promise per invocation): each function's own deadlines answer well before Lambda's timeout.
 */
export function instrumented<Event, Result>(
  handler: (event: Event, context: Context) => Promise<Result>,
) {
  return middy<Event, Result>({ timeoutEarlyInMillis: 0 })
    .use(injectLambdaContext(logger, { logEvent: false, resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(handler);
}
