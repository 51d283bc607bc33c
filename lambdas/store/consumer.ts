import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { serialCallMerges } from '../calls/serial-call-merges';
import type { Envelope } from '../events/envelope';
import { logger } from '../platform/logger';
import { SessionWriteBatch } from '../sessions/session-write-batch';
import type { StoreConfig } from './config';
import { envelopeOfMessage, UnstorableMessage } from './queue-message';
import { sessionWrittenBy, storeEvent } from './store-event';

type Parsed = { envelope: Envelope } | { error: unknown };

async function parse(record: SQSRecord): Promise<Parsed> {
  try {
    return { envelope: await envelopeOfMessage(record.body) };
  } catch (error) {
    return { error };
  }
}

/**
 * The SQS consumer: each record is stored on its own; a record that fails is reported alone
 * (partial batch response) and comes back after the visibility timeout, until the redrive
 * policy moves it to the DLQ. Every failure logs one line saying why. The records of a batch
 * run in parallel, share one session write per session (see SessionWriteBatch) and merge into
 * each call one at a time (see serialCallMerges).
 */
export function createStoreConsumer(config: StoreConfig) {
  const processor = new BatchProcessor(EventType.SQS);

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> => {
    const parsed = new Map(
      await Promise.all(
        event.Records.map(async (record) => [record.messageId, await parse(record)] as const),
      ),
    );
    const sessionsWritten = [...parsed.values()].flatMap((result) => {
      const session = 'envelope' in result ? sessionWrittenBy(result.envelope) : undefined;
      return session === undefined ? [] : [session];
    });
    const sessionWrites = new SessionWriteBatch(config.tables.sessions, sessionsWritten);
    const batchTables = { ...config.tables, calls: serialCallMerges(config.tables.calls) };

    async function storeRecord(record: SQSRecord): Promise<void> {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      const result = parsed.get(record.messageId) ?? (await parse(record));
      try {
        if ('error' in result) throw result.error;
        const { envelope } = result;
        const session = sessionWrittenBy(envelope);
        const sessions = session === undefined ? undefined : sessionWrites.forRecord(session);
        try {
          const tables = sessions === undefined ? batchTables : { ...batchTables, sessions };
          await storeEvent(envelope, tables);
        } finally {
          sessions?.release();
        }
      } catch (error) {
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
        throw error;
      }
    }

    return processPartialResponse(event, storeRecord, processor, {
      context,
      // A batch in which every record failed is still answered record by record.
      throwOnFullBatchFailure: false,
      // Required by the shared session writes: each waits for the batch's other records.
      processInParallel: true,
    });
  };
}
