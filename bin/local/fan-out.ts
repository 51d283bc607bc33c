/**
 * The events topic on the emulator (fauxqs serves SNS and SQS on one endpoint), laid out as the
 * CDK stack lays it (lib/fan-out.ts): the store's queue subscribed raw without a filter, and each
 * subscriber's queue, with its DLQ, subscribed raw with its filter. SNS's own delivery retries and
 * their DLQs exist only in AWS; the emulator delivers at once or not at all.
 */
import { CreateTopicCommand, type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { subscriberQueues, topics } from '../../lambdas/platform/resources';
import type { Subscriber } from '../../lib/config';
import { createQueue, queueArn, retentionOf } from './provision';

export interface SubscriberEndpoints {
  queueUrl: string;
  dlqUrl: string;
}

export interface ProvisionedFanOut {
  eventsTopicArn: string;
  subscribers: Record<string, SubscriberEndpoints>;
}

/** Creates (or finds) the topic `prefix` + its default name. */
export async function createEventsTopic(sns: SNSClient, prefix = ''): Promise<string> {
  const { TopicArn } = await sns.send(
    new CreateTopicCommand({ Name: `${prefix}${topics.events.defaultName}` }),
  );
  if (TopicArn === undefined) throw new Error('no ARN for the events topic');
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

/** The topic, the store queue's subscription, and every subscriber's queues and subscription. */
export async function provisionFanOut(
  clients: { sns: SNSClient; sqs: SQSClient },
  storeQueueUrl: string,
  subscribers: readonly Subscriber[],
  prefix = '',
): Promise<ProvisionedFanOut> {
  const { sns, sqs } = clients;
  const eventsTopicArn = await createEventsTopic(sns, prefix);
  await subscribeQueue(sns, eventsTopicArn, await queueArn(sqs, storeQueueUrl));
  const provisioned: ProvisionedFanOut = { eventsTopicArn, subscribers: {} };
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
