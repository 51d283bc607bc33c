/**
 * The SQS emulator keeps messages in memory only. So that quarantined and dead-lettered requests
 * survive a restart of the local stack (tables persist on disk), the messages still queued at
 * shutdown are saved to a file and put back on the next start.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import {
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

interface SavedMessage {
  body: string;
  attributes: Record<string, MessageAttributeValue>;
}
/** Queue URLs by a name that stays the same from one run to the next. */
export type NamedQueues = Record<string, string>;
type Snapshot = Record<string, SavedMessage[]>;

async function takeAll(sqs: SQSClient, queueUrl: string): Promise<SavedMessage[]> {
  const saved: SavedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        // Received messages stay hidden until the emulator stops, so none is taken twice.
        VisibilityTimeout: 3600,
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0) return saved;
    for (const message of Messages) {
      saved.push({ body: message.Body ?? '', attributes: message.MessageAttributes ?? {} });
    }
  }
}

/** Saves every queued message; returns how many per queue. */
export async function saveQueues(sqs: SQSClient, queues: NamedQueues, file: string) {
  const snapshot: Snapshot = {};
  for (const [name, queueUrl] of Object.entries(queues)) {
    snapshot[name] = await takeAll(sqs, queueUrl);
  }
  writeFileSync(file, JSON.stringify(snapshot));
  return Object.fromEntries(Object.entries(snapshot).map(([name, list]) => [name, list?.length]));
}

/**
 * Puts saved messages back and removes the file; returns how many were restored. The messages of
 * a queue this run does not have (a subscriber since removed from SUBSCRIBERS) are dropped.
 */
export async function restoreQueues(sqs: SQSClient, queues: NamedQueues, file: string) {
  if (!existsSync(file)) return 0;
  const snapshot: Snapshot = JSON.parse(readFileSync(file, 'utf8'));
  let restored = 0;
  for (const [name, queueUrl] of Object.entries(queues)) {
    for (const message of snapshot[name] ?? []) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: queueUrl,
          MessageBody: message.body,
          MessageAttributes:
            Object.keys(message.attributes).length > 0 ? message.attributes : undefined,
        }),
      );
      restored += 1;
    }
  }
  rmSync(file);
  return restored;
}
