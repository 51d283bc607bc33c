import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { dynamodb } from '../platform/dynamodb/client';
import { eventMessage } from '../platform/event-message';
import { instrumented } from '../platform/instrumented';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { publish } from '../platform/publish';
import { sns } from '../platform/sns';
import { housekeepingConfigFromEnv } from './config';
import { openSessions } from './open-sessions';
import { type SweepOutcome, sweepStaleSessions } from './sweep';

const config = housekeepingConfigFromEnv();

/**
 * Run by EventBridge Scheduler every 5 minutes (locally by a timer): closes the open sessions
 * whose LOGOUT never came with an inferred logout on the events topic. A failure throws, so the
 * scheduler retries the invocation (and keeps it in its DLQ once out of retries); the next run
 * sweeps again anyway.
 */
async function sweep(): Promise<SweepOutcome> {
  const outcome = await sweepStaleSessions(
    {
      openSessions: () => openSessions(dynamodb, config.sessionsTable),
      publish: (events) => publish(sns, config.eventsTopicArn, events.map(eventMessage)),
    },
    { now: new Date().toISOString(), staleAfterHours: config.staleAfterHours },
  );
  metrics.addMetric('InferredLogouts', MetricUnit.Count, outcome.closed.length);
  logger.info('sessions swept', { open: outcome.open, eventIds: outcome.closed });
  return outcome;
}

export const handler = instrumented(sweep);
