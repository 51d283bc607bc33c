import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type ProvisionedFanOut, provisionFanOut } from '../../bin/local/fan-out';
import {
  type ProvisionedQueues,
  type ProvisionedTables,
  provisionQueues,
  provisionTables,
  queueArn,
} from '../../bin/local/provision';
import { sqsClientOptions } from '../../bin/local/sqs-client-options';
import { clientOptions } from '../../lambdas/platform/client-options';
import type { Subscriber } from '../../lib/config';

/** Clients for the emulators the integration globalSetup started (endpoints come from env). */
export const testSqs = new SQSClient(sqsClientOptions);
export const testSns = new SNSClient(clientOptions);
export const testDynamodb = new DynamoDBClient({});

export interface TestResources {
  prefix: string;
  queues: ProvisionedQueues;
  /** The events topic, the store queue subscribed to it, and the subscribers' queues. */
  fanOut: ProvisionedFanOut;
  tables: ProvisionedTables;
}

/**
 * Queues, topic and tables of this suite's own, named with a unique prefix, laid out as deployed:
 * ingest publishes to the topic, which feeds the events queue and each subscriber's queue.
 */
export async function provisionForTest(
  label = 'test',
  subscribers: readonly Subscriber[] = [],
): Promise<TestResources> {
  const prefix = `${label}-${randomUUID().slice(0, 8)}-`;
  const [queues, tables] = await Promise.all([
    provisionQueues(testSqs, prefix),
    provisionTables(testDynamodb, prefix),
  ]);
  const fanOut = await provisionFanOut({ sns: testSns, sqs: testSqs }, queues, subscribers, prefix);
  return { prefix, queues, fanOut, tables };
}

/** The environment that points ingest at this suite's topic and quarantine. */
export function ingestQueueEnv({ fanOut }: TestResources): Record<string, string> {
  return {
    EVENTS_TOPIC_ARN: fanOut.eventsTopicArn,
    QUARANTINE_TOPIC_ARN: fanOut.quarantineTopicArn,
  };
}

/** The ARN a queue's event source needs, from its URL. */
export const queueArnOf = (queueUrl: string, client = testSqs) => queueArn(client, queueUrl);

/** Every message now in the queue, received and deleted. */
export async function drainQueue(queueUrl: string, client = testSqs): Promise<Message[]> {
  const messages: Message[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return messages;
    messages.push(...Messages);
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: Messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
        })),
      }),
    );
  }
}

/** Polls until `check` returns a value (not undefined/false) or the time is up. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 100, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
