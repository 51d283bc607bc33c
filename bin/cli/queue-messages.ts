import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** The messages of a queue, read one by one without taking them from anyone for long. */
export interface QueueMessages {
  /**
   * Every message in the queue, each once. A received message is hidden while the command
   * works through the queue (so the next receive finds the others), until it is removed or
   * released.
   */
  each(): AsyncGenerator<Message>;
  /** Deletes a received message for good. */
  remove(message: Message): Promise<void>;
  /** Makes every received message that was not removed visible again, at once. */
  releaseAll(): Promise<void>;
}

export function queueMessages(sqs: SQSClient, queueUrl: string, holdSeconds = 300): QueueMessages {
  const held = new Map<string, Message>();
  const seen = new Set<string>();
  return {
    async *each() {
      let idle = 0;
      // Two receives in a row with nothing new: it has been through the queue (one empty long
      // poll on a busy queue or emulator is not proof enough).
      while (idle < 2) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            VisibilityTimeout: holdSeconds,
            WaitTimeSeconds: 1,
            MessageSystemAttributeNames: ['SentTimestamp', 'ApproximateReceiveCount'],
            MessageAttributeNames: ['All'],
          }),
        );
        const fresh = Messages.filter((message) => !seen.has(message.MessageId ?? ''));
        for (const message of Messages) held.set(message.MessageId ?? '', message);
        idle = fresh.length === 0 ? idle + 1 : 0;
        for (const message of fresh) {
          seen.add(message.MessageId ?? '');
          yield message;
        }
      }
    },
    async remove(message) {
      await sqs.send(
        new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
      );
      held.delete(message.MessageId ?? '');
    },
    async releaseAll() {
      const messages = [...held.values()];
      held.clear();
      for (let start = 0; start < messages.length; start += 10) {
        await sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: queueUrl,
            Entries: messages.slice(start, start + 10).map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
              VisibilityTimeout: 0,
            })),
          }),
        );
      }
    },
  };
}
