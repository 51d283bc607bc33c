import { Duration, type RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccountPrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { type CfnTopic, type Subscription, SubscriptionFilter, Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { type IQueue, Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { MAX_QUEUE_MESSAGE_BYTES, subscriberQueues } from '../lambdas/platform/resources';
import { pascalCase, type Subscriber } from './config';

export interface FanOutProps {
  /** The store's queue: subscribed without a filter, it gets every event. */
  storeQueue: IQueue;
  /** Where refused requests wait for an operator: the quarantine topic's one subscriber. */
  quarantineQueue: IQueue;
  subscribers: readonly Subscriber[];
  /** Accounts whose own queues may subscribe to the topic. */
  subscriberAccounts: readonly string[];
  removalPolicy: RemovalPolicy;
}

/** The queues the stack keeps for one subscriber. */
export interface SubscriberQueues {
  subscriber: Subscriber;
  /** `calls-ended` -> `CallsEnded`: construct ids, alarm and output names. */
  id: string;
  queue: Queue;
  /** Messages the subscriber received `maxReceiveCount` times without deleting them. */
  dlq: Queue;
  /** Messages SNS could not deliver to the queue (a broken queue policy, say). */
  deliveryDlq: Queue;
}

/**
 * The events topic and its SQS subscriptions: the store's queue and one queue per configured
 * subscriber, each delivered raw (the body is the envelope, the attributes come along) and each
 * with a DLQ for what SNS cannot deliver. Every subscriber reads its own copy, so none can take
 * events from the store or hold anyone else up. Beside it the quarantine topic, which delivers
 * refused requests' records raw to the quarantine queue: ingest publishes both.
 */
export class FanOut extends Construct {
  readonly topic: Topic;
  readonly storeDeliveryDlq: Queue;
  readonly subscribers: SubscriberQueues[];
  readonly quarantineTopic: Topic;
  readonly quarantineDeliveryDlq: Queue;
  /** The quarantine queue's subscription: ingest must not publish refused requests before it. */
  readonly quarantineSubscription: Subscription;

  constructor(scope: Construct, id: string, props: FanOutProps) {
    super(scope, id);
    const queueDefaults = {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(subscriberQueues.retentionDays),
      removalPolicy: props.removalPolicy,
    };

    // The AWS managed key: only ingest (an IAM role of this account) publishes, which that key
    // allows through SNS; SNS decrypts before it delivers, so no subscriber's queue, here or in
    // another account, needs the key. A customer managed key would only be needed for a
    // publisher from another account or an AWS service, which this topic does not have.
    const snsKey = Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns');
    this.topic = new Topic(this, 'Events', {
      displayName: 'Engage Voice WFM events',
      masterKey: snsKey,
      enforceSSL: true,
    });
    this.quarantineTopic = new Topic(this, 'Quarantine', {
      displayName: 'Engage Voice WFM refused requests',
      masterKey: snsKey,
      enforceSSL: true,
    });
    // A refused request is kept whole up to the largest body ingest accepts: the topic takes what
    // the queue takes (SNS allows this with SQS subscriptions only, which it has).
    (this.quarantineTopic.node.defaultChild as CfnTopic).maximumMessageSize =
      MAX_QUEUE_MESSAGE_BYTES;

    const subscribe = (
      queue: IQueue,
      deliveryDlq: Queue,
      filter: Subscriber['filter'] = {},
      topic = this.topic,
    ) => {
      Validations.of(deliveryDlq).acknowledge(
        {
          id: 'AwsSolutions::AwsSolutions-SQS3',
          reason: 'The DLQ of an SNS subscription: what SNS could not deliver waits here',
        },
        {
          id: 'Serverless::Serverless-SQSRedrivePolicy',
          reason: 'The last stop of an SNS delivery, redriven by an operator',
        },
      );
      return topic.addSubscription(
        new SqsSubscription(queue, {
          rawMessageDelivery: true,
          deadLetterQueue: deliveryDlq,
          // No policy at all without a filter: SNS refuses an empty one.
          filterPolicy:
            Object.keys(filter).length === 0
              ? undefined
              : Object.fromEntries(
                  Object.entries(filter).map(([attribute, values]) => [
                    attribute,
                    SubscriptionFilter.stringFilter({ allowlist: values }),
                  ]),
                ),
        }),
      );
    };

    this.storeDeliveryDlq = new Queue(this, 'StoreDeliveryDlq', queueDefaults);
    subscribe(props.storeQueue, this.storeDeliveryDlq);
    // As large as the topic's messages: SNS moves a record it cannot deliver into this DLQ, and
    // a queue of SQS's default 256 KiB would refuse a refused request's record over that size.
    this.quarantineDeliveryDlq = new Queue(this, 'QuarantineDeliveryDlq', {
      ...queueDefaults,
      maxMessageSizeBytes: MAX_QUEUE_MESSAGE_BYTES,
    });
    this.quarantineSubscription = subscribe(
      props.quarantineQueue,
      this.quarantineDeliveryDlq,
      {},
      this.quarantineTopic,
    );

    this.subscribers = props.subscribers.map((subscriber) => {
      const id = pascalCase(subscriber.name);
      const dlq = new Queue(this, `${id}Dlq`, queueDefaults);
      Validations.of(dlq).acknowledge({
        id: 'Serverless::Serverless-SQSRedrivePolicy',
        reason: "The subscriber's DLQ, the last stop of what it kept failing",
      });
      const queue = new Queue(this, `${id}Queue`, {
        ...queueDefaults,
        deadLetterQueue: { queue: dlq, maxReceiveCount: subscriberQueues.maxReceiveCount },
      });
      const deliveryDlq = new Queue(this, `${id}DeliveryDlq`, queueDefaults);
      subscribe(queue, deliveryDlq, subscriber.filter);
      return { subscriber, id, queue, dlq, deliveryDlq };
    });

    if (props.subscriberAccounts.length > 0) {
      // Each account subscribes a queue of its own (and so owns and confirms the subscription).
      this.topic.addToResourcePolicy(
        new PolicyStatement({
          sid: 'SubscriberAccountsSubscribeQueues',
          principals: props.subscriberAccounts.map((account) => new AccountPrincipal(account)),
          actions: ['sns:Subscribe'],
          resources: [this.topic.topicArn],
          conditions: { StringEquals: { 'sns:Protocol': 'sqs' } },
        }),
      );
    }
  }

  /** Name -> [value, description] of the outputs subscribers need. */
  outputs(): Record<string, [string, string]> {
    const outputs: Record<string, [string, string]> = {
      EventsTopicArn: [
        this.topic.topicArn,
        'Normalized events: subscribe your SQS queue here (raw message delivery)',
      ],
    };
    for (const { subscriber, id, queue } of this.subscribers) {
      const what = `Events for subscriber "${subscriber.name}"`;
      outputs[`Subscriber${id}QueueUrl`] = [queue.queueUrl, what];
      outputs[`Subscriber${id}QueueArn`] = [queue.queueArn, what];
    }
    return outputs;
  }
}
