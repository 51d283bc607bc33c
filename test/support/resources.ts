import { randomUUID } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import {
  type ProvisionedQueues,
  type ProvisionedTables,
  provisionQueues,
  provisionTables,
} from '../../bin/local/provision';
import { sqsClientOptions } from '../../lambdas/platform/sqs';

/** Clients for the emulators the integration globalSetup started (endpoints come from env). */
export const testSqs = new SQSClient(sqsClientOptions);
export const testDynamodb = new DynamoDBClient({});

export interface TestResources {
  prefix: string;
  queues: ProvisionedQueues;
  tables: ProvisionedTables;
}

/** Queues and tables of this suite's own, named with a unique prefix. */
export async function provisionForTest(label = 'test'): Promise<TestResources> {
  const prefix = `${label}-${randomUUID().slice(0, 8)}-`;
  const [queues, tables] = await Promise.all([
    provisionQueues(testSqs, prefix),
    provisionTables(testDynamodb, prefix),
  ]);
  return { prefix, queues, tables };
}

/** The environment that points ingest at this suite's queues. */
export function ingestQueueEnv({ queues }: TestResources): Record<string, string> {
  return {
    EVENTS_QUEUE_URL: queues.eventsQueueUrl,
    QUARANTINE_QUEUE_URL: queues.quarantineQueueUrl,
  };
}

/** The ARN a queue's event source needs, from its URL. */
export async function queueArnOf(queueUrl: string, client = testSqs): Promise<string> {
  const { Attributes } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  return Attributes?.QueueArn ?? '';
}

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
