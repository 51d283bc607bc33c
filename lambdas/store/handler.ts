import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSEvent } from 'aws-lambda';
import { dynamodb } from '../platform/dynamodb/client';
import { instrumented } from '../platform/instrumented';
import { metrics } from '../platform/metrics';
import { storeConfigFromEnv } from './config';
import { createStoreConsumer, type RecordOutcome } from './consumer';

/**
 * Counts as metric names, not dimensions (as ingest does): `Stored` and `Stored.<kind>` for
 * events that changed a table, `Unchanged` for duplicates and stale events, `Failed` for the
 * records reported back to SQS.
 */
function count(outcomes: readonly RecordOutcome[]): void {
  const byStatus = { stored: 0, unchanged: 0, failed: 0 };
  const storedByKind = new Map<string, number>();
  for (const outcome of outcomes) {
    byStatus[outcome.status] += 1;
    if (outcome.status === 'stored') {
      storedByKind.set(outcome.kind, (storedByKind.get(outcome.kind) ?? 0) + 1);
    }
  }
  metrics.addMetric('Stored', MetricUnit.Count, byStatus.stored);
  for (const [kind, stored] of storedByKind) {
    metrics.addMetric(`Stored.${kind}`, MetricUnit.Count, stored);
  }
  metrics.addMetric('Unchanged', MetricUnit.Count, byStatus.unchanged);
  metrics.addMetric('Failed', MetricUnit.Count, byStatus.failed);
}

const consume = createStoreConsumer(storeConfigFromEnv(dynamodb), count);

/** Events queue -> sessions, states and calls tables. */
export const handler = instrumented((event: SQSEvent) => consume(event));
