import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { type Poller, startPoller } from '../../../bin/local/sqs-poller';
import { storeDelivery } from '../../../lambdas/platform/resources';
import {
  drainQueue,
  provisionForTest,
  queueArnOf,
  testSqs,
  waitFor,
} from '../../support/resources';

describe('the local SQS event source', () => {
  let poller: Poller | undefined;
  afterEach(() => poller?.stop());

  it('deletes what succeeded, retries what failed, and redrives poison to the DLQ', async () => {
    const { queues } = await provisionForTest('poller');
    const bodies = ['ok-1', 'ok-2', 'poison', 'ok-3'];
    await testSqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.eventsQueueUrl,
        Entries: bodies.map((body, index) => ({ Id: String(index), MessageBody: body })),
      }),
    );
    const handled: string[] = [];
    const receiveCounts: string[] = [];
    poller = startPoller({
      sqs: testSqs,
      queueUrl: queues.eventsQueueUrl,
      queueArn: await queueArnOf(queues.eventsQueueUrl),
      batchSize: storeDelivery.batchSize,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 1,
      handlers: [
        async (event: SQSEvent) => {
          const failures = [];
          for (const record of event.Records) {
            handled.push(record.body);
            if (record.body === 'poison') {
              receiveCounts.push(record.attributes.ApproximateReceiveCount);
              failures.push({ itemIdentifier: record.messageId });
            }
          }
          return { batchItemFailures: failures };
        },
      ],
    });
    const dead = await waitFor(
      async () => {
        const drained = await drainQueue(queues.dlqUrl);
        return drained.length > 0 && drained;
      },
      { timeoutMs: 30_000, what: 'the poison message in the DLQ' },
    );
    expect(dead.map((message) => message.Body)).toEqual(['poison']);
    expect(handled.filter((body) => body.startsWith('ok')).sort()).toEqual([
      'ok-1',
      'ok-2',
      'ok-3',
    ]);
    expect(receiveCounts).toEqual(
      Array.from({ length: storeDelivery.maxReceiveCount }, (_, index) => String(index + 1)),
    );
  });

  it('retries a whole batch when the handler throws', async () => {
    const { queues } = await provisionForTest('poller-throw');
    await testSqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.eventsQueueUrl,
        Entries: [{ Id: '0', MessageBody: 'first' }],
      }),
    );
    let calls = 0;
    poller = startPoller({
      sqs: testSqs,
      queueUrl: queues.eventsQueueUrl,
      queueArn: await queueArnOf(queues.eventsQueueUrl),
      batchSize: 10,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 1,
      handlers: [
        async () => {
          calls += 1;
          if (calls === 1) throw new Error('crash');
          return { batchItemFailures: [] };
        },
      ],
    });
    await waitFor(async () => poller?.stats.succeeded === 1, { what: 'the retried batch' });
    expect(poller.stats).toMatchObject({ invocations: 2, failed: 1, succeeded: 1 });
  });

  it('runs one batch at a time on one instance, as Lambda does, however many pollers share it', async () => {
    const { queues } = await provisionForTest('poller-instance');
    await testSqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues.eventsQueueUrl,
        Entries: Array.from({ length: 10 }, (_, index) => ({
          Id: String(index),
          MessageBody: `m${index}`,
        })),
      }),
    );
    let running = 0;
    let mostAtOnce = 0;
    const instance = async () => {
      running += 1;
      mostAtOnce = Math.max(mostAtOnce, running);
      await new Promise((resolve) => setTimeout(resolve, 20));
      running -= 1;
      return { batchItemFailures: [] };
    };
    poller = startPoller({
      sqs: testSqs,
      queueUrl: queues.eventsQueueUrl,
      queueArn: await queueArnOf(queues.eventsQueueUrl),
      batchSize: 1,
      batchingWindowSeconds: 0,
      visibilityTimeoutSeconds: 30,
      handlers: [instance, instance, instance],
    });
    await waitFor(async () => poller?.stats.succeeded === 10, { what: 'all ten messages' });
    expect(mostAtOnce).toBe(1);
  });

  it('gathers a batch bigger than one receive within the batching window, as the event source does', async () => {
    const { queues } = await provisionForTest('poller-window');
    for (const from of [0, 10, 20]) {
      await testSqs.send(
        new SendMessageBatchCommand({
          QueueUrl: queues.eventsQueueUrl,
          Entries: Array.from({ length: 10 }, (_, index) => ({
            Id: String(index),
            MessageBody: `m${from + index}`,
          })),
        }),
      );
    }
    const batches: number[] = [];
    // All thirty are waiting before the poller starts, so nothing races the window: the first
    // batch fills (three receives) long before a window this long closes, and the last five
    // wait for it to close.
    poller = startPoller({
      sqs: testSqs,
      queueUrl: queues.eventsQueueUrl,
      queueArn: await queueArnOf(queues.eventsQueueUrl),
      batchSize: 25,
      batchingWindowSeconds: 10,
      visibilityTimeoutSeconds: 60,
      handlers: [
        async (event: SQSEvent) => {
          batches.push(event.Records.length);
          return { batchItemFailures: [] };
        },
      ],
    });
    await waitFor(async () => poller?.stats.succeeded === 30, {
      timeoutMs: 40_000,
      what: 'all thirty messages',
    });
    expect(batches).toEqual([25, 5]);
  });
});
