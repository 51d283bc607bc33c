import { Match, type Template } from 'aws-cdk-lib/assertions';
import {
  MAX_QUEUE_MESSAGE_BYTES,
  storeDelivery,
  subscriberQueues,
} from '../../lambdas/platform/resources';
import { ConfigError, configFromContext, subscribersFrom } from '../../lib/config';
import { synth } from '../support/synth';

const SUBSCRIBERS = [
  { name: 'calls-ended', filter: { kind: ['call.ended'] } },
  { name: 'wfm', filter: { kind: ['agent.state', 'agent.login'], accountId: ['15300002'] } },
  { name: 'everything' },
];
const ACCOUNT = '111122223333';

const plain = synth({ stage: 'dev' }).template;
const withSubscribers = synth({
  stage: 'dev',
  // As `-c subscribers=...` gives it: JSON text.
  subscribers: JSON.stringify(SUBSCRIBERS),
  subscriberAccounts: JSON.stringify([ACCOUNT]),
}).template;

/** The logical id of the one resource of `type` whose id starts with the construct path's ids. */
function logicalId(template: Template, type: string, pattern: RegExp): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => pattern.test(id));
  if (ids.length !== 1) throw new Error(`${ids.length} ${type} match ${pattern}: ${ids}`);
  return ids[0] as string;
}
const arnOf = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });

/** The topic's policy denies publishes that do not come over TLS. */
function refusesPublishWithoutTls(topic: string): void {
  plain.hasResourceProperties('AWS::SNS::TopicPolicy', {
    Topics: [{ Ref: topic }],
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      ]),
    },
  });
}

describe('the events topic', () => {
  it('is encrypted, refuses publishes without TLS, and only ingest and housekeeping may publish', () => {
    const topic = logicalId(plain, 'AWS::SNS::Topic', /FanOutEvents/);
    const key = plain.findResources('AWS::SNS::Topic')[topic]?.Properties.KmsMasterKeyId;
    expect(JSON.stringify(key)).toContain(':alias/aws/sns');
    refusesPublishWithoutTls(topic);
    const policies = Object.values(plain.findResources('AWS::IAM::Policy'));
    const publishers = policies.filter((policy) =>
      JSON.stringify(policy.Properties.PolicyDocument).includes('sns:Publish'),
    );
    // Ingest, and the housekeeping function with its inferred logouts.
    expect(publishers.map((policy) => JSON.stringify(policy.Properties.Roles))).toEqual([
      expect.stringContaining('Ingest'),
      expect.stringContaining('HousekeepingHandler'),
    ]);
    plain.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({ EVENTS_TOPIC_ARN: { Ref: topic } }),
      },
    });
  });

  it('is where ingest publishes: ingest can no longer send to the store queue', () => {
    const eventsQueue = logicalId(plain, 'AWS::SQS::Queue', /StorageEvents/);
    const ingestPolicy = Object.values(plain.findResources('AWS::IAM::Policy')).find((policy) =>
      JSON.stringify(policy.Properties.Roles).includes('Ingest'),
    );
    expect(JSON.stringify(ingestPolicy)).not.toContain(eventsQueue);
    for (const fn of Object.values(plain.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment?.Variables).not.toHaveProperty('EVENTS_QUEUE_URL');
    }
  });

  it('delivers every event raw to the store queue, which keeps its DLQ', () => {
    const eventsQueue = logicalId(plain, 'AWS::SQS::Queue', /StorageEvents/);
    const deliveryDlq = logicalId(plain, 'AWS::SQS::Queue', /FanOutStoreDeliveryDlq/);
    const topic = logicalId(plain, 'AWS::SNS::Topic', /FanOutEvents/);
    const subscriptions = Object.values(
      plain.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: topic } } }),
    );
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.Properties).toEqual({
      Protocol: 'sqs',
      TopicArn: { Ref: topic },
      Endpoint: arnOf(eventsQueue),
      RawMessageDelivery: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deliveryDlq) },
    });
    plain.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        deadLetterTargetArn: arnOf(logicalId(plain, 'AWS::SQS::Queue', /StorageDlq/)),
        maxReceiveCount: storeDelivery.maxReceiveCount,
      },
    });
    // SNS may send to the store queue, and only from this topic.
    plain.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: eventsQueue }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: {
              ArnEquals: {
                'aws:SourceArn': { Ref: logicalId(plain, 'AWS::SNS::Topic', /FanOutEvents/) },
              },
            },
          }),
        ]),
      },
    });
  });

  it.each([
    ['plain', plain],
    ['with subscribers', withSubscribers],
  ])(
    'lets SNS write to every queue it delivers to, and only from the topic delivering (%s)',
    (_label, template) => {
      const queues = template.findResources('AWS::SQS::Queue');
      const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
      const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription'));
      const written = subscriptions.flatMap((subscription) =>
        [
          subscription.Properties.Endpoint['Fn::GetAtt'][0],
          subscription.Properties.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0],
        ].map((queue) => [queue, subscription.Properties.TopicArn.Ref] as const),
      );
      expect(written.length).toBeGreaterThanOrEqual(4);
      for (const [queue, topic] of written) {
        // SQS-managed encryption: SNS needs no key permission to write.
        expect(queues[queue]?.Properties.SqsManagedSseEnabled).toBe(true);
        expect(queues[queue]?.Properties).not.toHaveProperty('KmsMasterKeyId');
        const allows = policies
          .filter(
            (policy) =>
              JSON.stringify(policy.Properties.Queues) === JSON.stringify([{ Ref: queue }]),
          )
          .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
          .filter((statement) => statement.Effect === 'Allow');
        expect(allows).toEqual([
          expect.objectContaining({
            Action: 'sqs:SendMessage',
            Principal: { Service: 'sns.amazonaws.com' },
            Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topic } } },
          }),
        ]);
      }
      // Every other queue is written by SQS's own redrive.
      const writtenIds = written.map(([queue]) => queue);
      for (const [id, queue] of Object.entries(queues)) {
        if (!writtenIds.includes(id)) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      }
    },
  );

  it('gives no other account a way in unless asked', () => {
    const policy = JSON.stringify(plain.findResources('AWS::SNS::TopicPolicy'));
    expect(policy).not.toContain('sns:Subscribe');
  });
});

describe('the quarantine topic', () => {
  const topic = logicalId(plain, 'AWS::SNS::Topic', /FanOutQuarantine/);

  it('is encrypted as the events topic is, refuses publishes without TLS, and takes 1 MiB', () => {
    const events = logicalId(plain, 'AWS::SNS::Topic', /FanOutEvents/);
    const topics = plain.findResources('AWS::SNS::Topic');
    expect(topics[topic]?.Properties.KmsMasterKeyId).toEqual(
      topics[events]?.Properties.KmsMasterKeyId,
    );
    // As large as the quarantine queue takes: a refused request of the largest body kept whole.
    expect(topics[topic]?.Properties.MaximumMessageSize).toBe(MAX_QUEUE_MESSAGE_BYTES);
    refusesPublishWithoutTls(topic);
  });

  it('delivers raw to the quarantine queue, with a DLQ for what it cannot deliver', () => {
    const quarantine = logicalId(plain, 'AWS::SQS::Queue', /StorageQuarantine/);
    const deliveryDlq = logicalId(plain, 'AWS::SQS::Queue', /FanOutQuarantineDeliveryDlq/);
    const subscriptions = Object.values(
      plain.findResources('AWS::SNS::Subscription', { Properties: { TopicArn: { Ref: topic } } }),
    );
    expect(subscriptions.map((subscription) => subscription.Properties)).toEqual([
      {
        Protocol: 'sqs',
        TopicArn: { Ref: topic },
        Endpoint: arnOf(quarantine),
        RawMessageDelivery: true,
        RedrivePolicy: { deadLetterTargetArn: arnOf(deliveryDlq) },
      },
    ]);
    const alarms = Object.keys(plain.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.filter((id) => /QuarantineDeliveryDlqNotEmpty/.test(id))).toHaveLength(1);
  });

  it('is what ingest publishes refused requests to: ingest may publish there, and send only to the quarantine queue', () => {
    const ingestStatements = Object.values(plain.findResources('AWS::IAM::Policy'))
      .filter((policy) => JSON.stringify(policy.Properties.Roles).includes('Ingest'))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    expect(ingestStatements).toContainEqual(
      expect.objectContaining({ Action: 'sns:Publish', Resource: { Ref: topic } }),
    );
    // Kept for one release: the previous version's warm instances send there during the update.
    expect(
      ingestStatements.filter((statement) => JSON.stringify(statement.Action).includes('sqs:')),
    ).toEqual([
      expect.objectContaining({
        Action: 'sqs:SendMessage',
        Resource: arnOf(logicalId(plain, 'AWS::SQS::Queue', /StorageQuarantine/)),
      }),
    ]);
    plain.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ QUARANTINE_TOPIC_ARN: { Ref: topic } }) },
    });
    for (const fn of Object.values(plain.findResources('AWS::Lambda::Function'))) {
      expect(fn.Properties.Environment?.Variables).not.toHaveProperty('QUARANTINE_QUEUE_URL');
    }
    // Operators still find the queue where they did.
    plain.hasOutput('QuarantineQueueUrl', {
      Value: { Ref: logicalId(plain, 'AWS::SQS::Queue', /StorageQuarantine/) },
    });
  });

  it('has its subscription before ingest is updated: no refused request goes to a topic without its subscriber', () => {
    const subscription = logicalId(
      plain,
      'AWS::SNS::Subscription',
      /StorageQuarantine.*FanOutQuarantine/,
    );
    const ingest = Object.values(plain.findResources('AWS::Lambda::Function')).filter(
      (fn) => fn.Properties.Environment?.Variables?.QUARANTINE_TOPIC_ARN !== undefined,
    );
    expect(ingest).toHaveLength(1);
    expect(ingest[0]?.DependsOn).toContain(subscription);
  });
});

describe('subscribers from context', () => {
  const topic = logicalId(withSubscribers, 'AWS::SNS::Topic', /FanOutEvents/);

  it.each([
    ['CallsEnded', { kind: ['call.ended'] }],
    ['Wfm', { kind: ['agent.state', 'agent.login'], accountId: ['15300002'] }],
    ['Everything', undefined],
  ])('%s gets its queue, its DLQs and a raw subscription with its filter', (id, filter) => {
    const queue = logicalId(withSubscribers, 'AWS::SQS::Queue', new RegExp(`FanOut${id}Queue`));
    const dlq = logicalId(withSubscribers, 'AWS::SQS::Queue', new RegExp(`FanOut${id}Dlq`));
    const deliveryDlq = logicalId(
      withSubscribers,
      'AWS::SQS::Queue',
      new RegExp(`FanOut${id}DeliveryDlq`),
    );
    const queues = withSubscribers.findResources('AWS::SQS::Queue');
    expect(queues[queue]?.Properties).toEqual({
      SqsManagedSseEnabled: true,
      MessageRetentionPeriod: subscriberQueues.retentionDays * 86_400,
      RedrivePolicy: {
        deadLetterTargetArn: arnOf(dlq),
        maxReceiveCount: subscriberQueues.maxReceiveCount,
      },
    });
    for (const kept of [dlq, deliveryDlq]) {
      expect(queues[kept]?.Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        MessageRetentionPeriod: 1_209_600,
      });
    }
    const subscription = Object.values(
      withSubscribers.findResources('AWS::SNS::Subscription', {
        Properties: { Endpoint: arnOf(queue) },
      }),
    );
    expect(subscription).toHaveLength(1);
    expect(subscription[0]?.Properties).toEqual({
      Protocol: 'sqs',
      TopicArn: { Ref: topic },
      Endpoint: arnOf(queue),
      RawMessageDelivery: true,
      RedrivePolicy: { deadLetterTargetArn: arnOf(deliveryDlq) },
      ...(filter === undefined ? {} : { FilterPolicy: filter }),
    });
    for (const protectedQueue of [queue, deliveryDlq]) {
      withSubscribers.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: protectedQueue }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
            Match.objectLike({
              Effect: 'Allow',
              Principal: { Service: 'sns.amazonaws.com' },
              Condition: { ArnEquals: { 'aws:SourceArn': { Ref: topic } } },
            }),
          ]),
        },
      });
    }
  });

  it('gives every subscription of the topic a DLQ', () => {
    const subscriptions = Object.values(withSubscribers.findResources('AWS::SNS::Subscription'));
    // The store's, the subscribers', and the quarantine topic's.
    expect(subscriptions).toHaveLength(SUBSCRIBERS.length + 2);
    for (const subscription of subscriptions) {
      expect(subscription.Properties.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      });
    }
  });

  it('alarms when a subscriber stops reading or its DLQs fill', () => {
    const alarms = withSubscribers.findResources('AWS::CloudWatch::Alarm');
    const queue = logicalId(withSubscribers, 'AWS::SQS::Queue', /FanOutWfmQueue/);
    const lagging = Object.entries(alarms).filter(([id]) => /SubscriberWfmLagging/.test(id));
    expect(lagging).toHaveLength(1);
    expect(lagging[0]?.[1].Properties).toMatchObject({
      MetricName: 'ApproximateAgeOfOldestMessage',
      Threshold: subscriberQueues.lagAlarmSeconds,
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queue, 'QueueName'] } }],
    });
    for (const name of ['SubscriberWfmDlqNotEmpty', 'SubscriberWfmDeliveryDlqNotEmpty']) {
      const [alarm] = Object.entries(alarms).filter(([id]) => id.includes(name));
      expect(alarm?.[1].Properties).toMatchObject({
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 0,
      });
    }
    // 14 of the stack, 3 per subscriber.
    expect(Object.keys(alarms)).toHaveLength(14 + 3 * SUBSCRIBERS.length);
  });

  it('outputs each subscriber queue and the topic, and no longer the store queue', () => {
    const outputs = withSubscribers.findOutputs('*');
    expect(outputs.EventsTopicArn?.Value).toEqual({ Ref: topic });
    for (const id of ['CallsEnded', 'Wfm', 'Everything']) {
      const queue = logicalId(withSubscribers, 'AWS::SQS::Queue', new RegExp(`FanOut${id}Queue`));
      expect(outputs[`Subscriber${id}QueueUrl`]?.Value).toEqual({ Ref: queue });
      expect(outputs[`Subscriber${id}QueueArn`]?.Value).toEqual(arnOf(queue));
    }
    expect(Object.keys(outputs)).not.toContain('EventsQueueUrl');
    expect(Object.keys(outputs)).not.toContain('EventsQueueArn');
  });

  it('lets the subscriber accounts subscribe SQS queues, and nothing else', () => {
    withSubscribers.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: topic }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'SubscriberAccountsSubscribeQueues',
            Effect: 'Allow',
            Principal: {
              AWS: {
                'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${ACCOUNT}:root`]],
              },
            },
            Action: 'sns:Subscribe',
            Resource: { Ref: topic },
            Condition: { StringEquals: { 'sns:Protocol': 'sqs' } },
          },
        ]),
      },
    });
  });

  it('takes the same JSON from cdk.json (a list, not text)', () => {
    const { template } = synth({ stage: 'dev', subscribers: SUBSCRIBERS, subscriberAccounts: [] });
    expect(Object.keys(template.findResources('AWS::SNS::Subscription'))).toHaveLength(5);
  });

  it('passes cdk-nag with subscribers, subscriber accounts and alarm e-mails', () => {
    const { app } = synth(
      {
        stage: 'prod',
        alarmEmail: 'ops@example.com',
        subscribers: SUBSCRIBERS,
        subscriberAccounts: [ACCOUNT],
      },
      true,
    );
    expect(() => app.synth()).not.toThrow();
  });
});

describe('the subscribers setting', () => {
  const refused = (raw: unknown) => () => subscribersFrom(raw);

  it('reads names and filters, with or without a filter', () => {
    expect(subscribersFrom(JSON.stringify(SUBSCRIBERS))).toEqual([
      SUBSCRIBERS[0],
      SUBSCRIBERS[1],
      { name: 'everything', filter: {} },
    ]);
    expect(subscribersFrom(undefined)).toEqual([]);
  });

  it('refuses what SNS or the outputs could not take, naming the subscriber and the key', () => {
    expect(refused('[{"name":')).toThrow(new ConfigError('context subscribers must be JSON'));
    expect(refused('{"name":"a"}')).toThrow('context subscribers must be a JSON list');
    expect(refused([{ name: 'a' }, { name: 'b' }, { name: 'a' }])).toThrow(
      'context subscribers: "a" and "a" would share the outputs SubscriberAQueueUrl/Arn',
    );
    expect(refused([{ name: 'calls-ended' }, { name: 'callsEnded' }])).toThrow(
      '"calls-ended" and "callsEnded" would share the outputs SubscriberCallsEndedQueueUrl/Arn',
    );
    expect(refused([{ name: '1st' }])).toThrow(
      'context subscribers[0].name must start with a letter and hold only letters, digits, - and _',
    );
    expect(refused([{ name: 'a b' }])).toThrow('subscribers[0].name');
    expect(refused([{ filter: {} }])).toThrow('subscribers[0].name');
    expect(refused([{ name: 'a', filters: {} }])).toThrow(
      'context subscribers[0]: unknown key "filters"',
    );
    expect(refused([{ name: 'a', filter: { agentId: ['1'] } }])).toThrow(
      'context subscribers[0].filter.agentId: events can be filtered on kind, eventType, accountId only',
    );
    expect(refused([{ name: 'a', filter: { kind: [] } }])).toThrow(
      'context subscribers[0].filter.kind must be a non-empty list of non-empty strings',
    );
    expect(refused([{ name: 'a', filter: { accountId: ['1', ''] } }])).toThrow(
      'filter.accountId must be a non-empty list',
    );
    expect(refused([{ name: 'a', filter: { eventType: 'AVAILABLE' } }])).toThrow(
      'filter.eventType must be a non-empty list',
    );
    expect(refused([{ name: 'a', filter: { kind: ['call.end'] } }])).toThrow(
      'context subscribers[0].filter.kind: "call.end" is not a kind',
    );
    const many = Array.from({ length: 20 }, (_, index) => String(index));
    expect(refused([{ name: 'a', filter: { accountId: many, eventType: many } }])).toThrow(
      'combines 400 values',
    );
    expect(() => subscribersFrom('[{"name":""}]', 'SUBSCRIBERS')).toThrow(
      'SUBSCRIBERS[0].name must start with a letter',
    );
  });

  it('refuses subscriber accounts that are not 12-digit account ids', () => {
    const bad = (value: unknown) => () =>
      configFromContext((key) => ({ subscriberAccounts: value })[key]);
    expect(bad('["12345"]')).toThrow(
      'context subscriberAccounts: "12345" is not a 12-digit AWS account id',
    );
    expect(bad('111122223333')).toThrow('context subscriberAccounts must be a JSON list');
    expect(bad([111122223333])).toThrow('111122223333 is not a 12-digit');
  });
});
