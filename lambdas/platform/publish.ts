import {
  PublishBatchCommand,
  type PublishBatchRequestEntry,
  type SNSClient,
} from '@aws-sdk/client-sns';
import { type EventMessage, MAX_MESSAGE_BYTES } from './event-message';

/** SNS takes at most ten messages per PublishBatch call. */
const BATCH_LIMIT = 10;
/** Rounds of resending the entries SNS refused, on top of the SDK's own retries. */
const ENTRY_ROUNDS = 3;

export class PublishFailed extends Error {
  constructor(readonly failedEventIds: readonly string[]) {
    super(`SNS did not take ${failedEventIds.length} message(s)`);
  }
}

/**
 * The PublishBatch calls that carry `messages`, in order: at most ten entries each, and at most
 * MAX_MESSAGE_BYTES in all (SNS refuses a whole call over it). Each message is taken to be within
 * the limit on its own (ingest refuses larger ones).
 */
export function publishBatches<T extends { bytes: number }>(messages: readonly T[]): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const message of messages) {
    if (current.length === BATCH_LIMIT || bytes + message.bytes > MAX_MESSAGE_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += message.bytes;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Publishes the events' messages to the topic and returns only once SNS confirmed every one.
 * PublishBatch answers HTTP 200 and reports failures per entry, so only the refused entries are
 * sent again, for a few rounds. Throws `PublishFailed` when some could not be published in time;
 * the caller must not claim acceptance.
 */
export async function publish(
  sns: SNSClient,
  topicArn: string,
  messages: readonly EventMessage[],
  signal?: AbortSignal,
): Promise<void> {
  const failed: string[] = [];
  for (const batch of publishBatches(messages)) {
    failed.push(...(await publishBatch(sns, topicArn, batch, signal)));
  }
  if (failed.length > 0) throw new PublishFailed(failed);
}

async function publishBatch(
  sns: SNSClient,
  topicArn: string,
  messages: readonly EventMessage[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  let pending: PublishBatchRequestEntry[] = messages.map((message, index) => ({
    Id: String(index),
    Message: message.message,
    MessageAttributes: message.attributes,
  }));
  for (let round = 0; round < ENTRY_ROUNDS && pending.length > 0; round++) {
    const { Failed = [] } = await sns.send(
      new PublishBatchCommand({ TopicArn: topicArn, PublishBatchRequestEntries: pending }),
      { abortSignal: signal },
    );
    const refused = new Set(Failed.map((failure) => failure.Id));
    pending = pending.filter((entry) => refused.has(entry.Id));
  }
  return pending.map((entry) => messages[Number(entry.Id)]?.eventId ?? entry.Id ?? '');
}
