import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { logger } from '../platform/logger';
import type { StoreConfig } from './config';
import { envelopeOfMessage, UnstorableMessage } from './queue-message';
import { storeEvent } from './store-event';

/**
 * The SQS consumer: each record is stored on its own; a record that fails is reported alone
 * (partial batch response) and comes back after the visibility timeout, until the redrive
 * policy moves it to the DLQ. Every failure logs one line saying why.
 */
export function createStoreConsumer(config: StoreConfig) {
  const processor = new BatchProcessor(EventType.SQS);

  async function storeRecord(record: SQSRecord): Promise<void> {
    const receiveCount = Number(record.attributes.ApproximateReceiveCount);
    try {
      const event = envelopeOfMessage(record.body);
      await storeEvent(event, config.tables, config.retentionDays);
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

  return async (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, storeRecord, processor, {
      context,
      // A batch in which every record failed is still answered record by record.
      throwOnFullBatchFailure: false,
    });
}
