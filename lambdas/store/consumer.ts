import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { Envelope } from '../events/envelope';
import { logger } from '../platform/logger';
import type { StoreConfig } from './config';
import { envelopeOfMessage, UnstorableMessage } from './queue-message';
import { type StoreOutcome, storeBatch } from './store-batch';

/** What became of each record of a batch; an unreadable message has no kind. */
export type RecordOutcome = StoreOutcome | { readonly status: 'failed'; readonly error: unknown };

type Read = { envelope: Envelope } | { error: unknown };

async function read(record: SQSRecord): Promise<Read> {
  try {
    return { envelope: await envelopeOfMessage(record.body) };
  } catch (error) {
    return { error };
  }
}

/**
 * The SQS consumer: reads every record of the batch, stores the readable ones as one batch (see
 * `storeBatch`), and reports each record that failed on its own (partial batch response); it
 * comes back after the visibility timeout, until the redrive policy moves it to the DLQ. Every
 * failure logs one line saying why. `observe` gets every record's outcome (for the metrics).
 */
export function createStoreConsumer(
  config: StoreConfig,
  observe: (outcomes: readonly RecordOutcome[]) => void = () => {},
) {
  return async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const reads = await Promise.all(event.Records.map(read));
    const envelopes = reads.flatMap((result) => ('envelope' in result ? [result.envelope] : []));
    const stored = await storeBatch(envelopes, config.tables);
    let next = 0;
    const outcomes = reads.map(
      (result): RecordOutcome =>
        'envelope' in result
          ? (stored[next++] as StoreOutcome)
          : { status: 'failed', error: result.error },
    );
    const failures: SQSBatchResponse['batchItemFailures'] = [];
    outcomes.forEach((outcome, index) => {
      const record = event.Records[index] as SQSRecord;
      if (outcome.status !== 'failed') return;
      logFailure(record, outcome.error);
      failures.push({ itemIdentifier: record.messageId });
    });
    observe(outcomes);
    return { batchItemFailures: failures };
  };
}

function logFailure(record: SQSRecord, error: unknown): void {
  const receiveCount = Number(record.attributes.ApproximateReceiveCount);
  if (error instanceof UnstorableMessage) {
    logger.error('Message can never be stored; it will go to the DLQ', {
      messageId: record.messageId,
      receiveCount,
      reason: error.reason,
      fields: error.fields,
    });
  } else {
    logger.error('Storing the event failed; it will be retried', {
      messageId: record.messageId,
      receiveCount,
      error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    });
  }
}
