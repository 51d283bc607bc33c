/**
 * The topics on the emulator (fauxqs serves SNS and SQS on one endpoint), laid out as the CDK
 * stack lays them (lib/fan-out.ts): on the events topic the store's queue subscribed raw without
 * a filter, and each subscriber's queue, with its DLQ, subscribed raw with its filter; on the
 * quarantine topic the quarantine queue, raw. SNS's own delivery retries and their DLQs exist
 * only in AWS; the emulator delivers at once or not at all.
 */
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import {
  MAX_QUEUE_MESSAGE_BYTES,
  subscriberQueues,
  topics,
} from '../../lambdas/platform/resources';
import type { Subscriber } from '../../lib/config';
import { createQueue, type ProvisionedQueues, queueArn, retentionOf } from './provision';

export interface SubscriberEndpoints {
  queueUrl: string;
  dlqUrl: string;
}

export interface ProvisionedFanOut {
  eventsTopicArn: string;
  quarantineTopicArn: string;
  subscribers: Record<string, SubscriberEndpoints>;
}

/** Creates (or finds) the topic `prefix` + its default name. */
export async function createTopic(
  sns: SNSClient,
  topic: keyof typeof topics,
  prefix = '',
  attributes: Record<string, string> = {},
): Promise<string> {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({
      Name: `${prefix}${topics[topic].defaultName}`,
      Attributes: attributes,
    }),
  );
  if (TopicArn === undefined) throw new Error(`no ARN for the ${topic} topic`);
  return TopicArn;
}

/** Subscribes a queue to the topic with raw delivery and, when it has keys, the filter. */
export async function subscribeQueue(
  sns: SNSClient,
  topicArn: string,
  queueArnToSubscribe: string,
  filter: Subscriber['filter'] = {},
): Promise<string> {
  const { SubscriptionArn } = await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArnToSubscribe,
      ReturnSubscriptionArn: true,
      Attributes: {
        RawMessageDelivery: 'true',
        ...(Object.keys(filter).length > 0 ? { FilterPolicy: JSON.stringify(filter) } : {}),
      },
    }),
  );
  if (SubscriptionArn === undefined) throw new Error(`no subscription for ${queueArnToSubscribe}`);
  return SubscriptionArn;
}

/**
 * The events topic, the store queue's subscription, and every subscriber's queues and
 * subscription; the quarantine topic and the quarantine queue's subscription.
 */
export async function provisionFanOut(
  clients: { sns: SNSClient; sqs: SQSClient },
  queues: Pick<ProvisionedQueues, 'eventsQueueUrl' | 'quarantineQueueUrl'>,
  subscribers: readonly Subscriber[],
  prefix = '',
): Promise<ProvisionedFanOut> {
  const { sns, sqs } = clients;
  const eventsTopicArn = await createTopic(sns, 'events', prefix);
  await subscribeQueue(sns, eventsTopicArn, await queueArn(sqs, queues.eventsQueueUrl));
  const quarantineTopicArn = await createTopic(sns, 'quarantine', prefix, {
    MaximumMessageSize: String(MAX_QUEUE_MESSAGE_BYTES),
  });
  await subscribeQueue(sns, quarantineTopicArn, await queueArn(sqs, queues.quarantineQueueUrl));
  const provisioned: ProvisionedFanOut = { eventsTopicArn, quarantineTopicArn, subscribers: {} };
  const kept = { MessageRetentionPeriod: retentionOf(subscriberQueues.retentionDays) };
  for (const { name, filter } of subscribers) {
    const dlqUrl = await createQueue(sqs, `${prefix}${subscriberQueues.dlqName(name)}`, kept);
    const queueUrl = await createQueue(sqs, `${prefix}${subscriberQueues.queueName(name)}`, {
      ...kept,
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: await queueArn(sqs, dlqUrl),
        maxReceiveCount: subscriberQueues.maxReceiveCount,
      }),
    });
    await subscribeQueue(sns, eventsTopicArn, await queueArn(sqs, queueUrl), filter);
    provisioned.subscribers[name] = { queueUrl, dlqUrl };
  }
  return provisioned;
}
