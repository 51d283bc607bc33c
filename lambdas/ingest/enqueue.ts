import {
  type MessageAttributeValue,
  SendMessageBatchCommand,
  type SendMessageBatchRequestEntry,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Envelope } from '../events/envelope';
import { toSqsBody } from '../platform/sqs-body';

/** SQS takes at most ten messages per batch request. */
const BATCH_LIMIT = 10;
/** Rounds of resending the entries SQS refused, on top of the SDK's own retries. */
const ENTRY_ROUNDS = 3;

export class EnqueueFailed extends Error {
  constructor(readonly failedEventIds: readonly string[]) {
    super(`SQS did not take ${failedEventIds.length} message(s)`);
  }
}

/** Attributes subscribers can filter on without parsing the body. */
export function messageAttributes(event: Envelope): Record<string, MessageAttributeValue> {
  const eventType = event.raw.event_type;
  return {
    kind: { DataType: 'String', StringValue: event.kind },
    eventType: {
      DataType: 'String',
      StringValue: typeof eventType === 'string' && eventType !== '' ? eventType : event.kind,
    },
    accountId: { DataType: 'String', StringValue: event.accountId },
    schemaVersion: { DataType: 'Number', StringValue: String(event.schemaVersion) },
  };
}

/**
 * Puts envelopes on the events queue and returns only once SQS confirmed every one. One event
 * is a SendMessage; more go in batches of ten, resending only the entries SQS refused. Throws
 * `EnqueueFailed` when some could not be sent in time; the caller must not claim acceptance.
 */
export async function enqueue(
  sqs: SQSClient,
  queueUrl: string,
  events: readonly Envelope[],
  signal?: AbortSignal,
): Promise<void> {
  if (events.length === 1) {
    const [event] = events as [Envelope];
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: toSqsBody(event),
        MessageAttributes: messageAttributes(event),
      }),
      { abortSignal: signal },
    );
    return;
  }
  const failed: string[] = [];
  for (let start = 0; start < events.length; start += BATCH_LIMIT) {
    failed.push(
      ...(await sendBatch(sqs, queueUrl, events.slice(start, start + BATCH_LIMIT), signal)),
    );
  }
  if (failed.length > 0) throw new EnqueueFailed(failed);
}

async function sendBatch(
  sqs: SQSClient,
  queueUrl: string,
  events: readonly Envelope[],
  signal: AbortSignal | undefined,
): Promise<string[]> {
  let pending: SendMessageBatchRequestEntry[] = events.map((event, index) => ({
    Id: String(index),
    MessageBody: toSqsBody(event),
    MessageAttributes: messageAttributes(event),
  }));
  for (let round = 0; round < ENTRY_ROUNDS && pending.length > 0; round++) {
    const { Failed = [] } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: pending }),
      { abortSignal: signal },
    );
    const refused = new Set(Failed.map((failure) => failure.Id));
    pending = pending.filter((entry) => refused.has(entry.Id));
  }
  return pending.map((entry) => events[Number(entry.Id)]?.eventId ?? entry.Id ?? '');
}
