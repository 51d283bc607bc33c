import { Match, type Template } from 'aws-cdk-lib/assertions';
import { MAX_BODY_KIB_LIMIT, QUARANTINE_RESERVE_BYTES } from '../../lambdas/ingest/limits';
import { SECRETS_EXTENSION_TTL_SECONDS } from '../../lambdas/platform/credentials';
import {
  MAX_QUEUE_MESSAGE_BYTES,
  storeDelivery,
  storeQueueVisibilitySeconds,
  tables,
} from '../../lambdas/platform/resources';
import {
  ConfigError,
  configFromContext,
  DEFAULT_UNAUTHORIZED_ALARM_THRESHOLD,
} from '../../lib/config';
import { synth } from '../support/synth';

const dev = synth({ stage: 'dev' }).template;
const prod = synth({
  stage: 'prod',
  alarmEmail: 'ops@example.com',
  sourceTimeZone: 'America/Chicago',
}).template;

describe('the queues', () => {
  it('redrive to the DLQ after the shared receive count, with visibility 6x the store timeout plus the batching window', () => {
    const visibility = (template: Template) =>
      Object.values(template.findResources('AWS::SQS::Queue'))
        .map((queue) => queue.Properties.VisibilityTimeout)
        .filter((value) => value !== undefined);
    expect(visibility(dev)).toEqual([6 * storeDelivery.functionTimeoutSeconds + 1]);
    // The longest window the context allows: the timeout still covers retries and the window.
    const slowest = synth({ stage: 'dev', storeBatchingWindowSeconds: 300 }).template;
    expect(visibility(slowest)).toEqual([6 * 30 + 300]);
    slowest.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      MaximumBatchingWindowInSeconds: 300,
    });
    expect(visibility(slowest)).toEqual([storeQueueVisibilitySeconds(300)]);
    dev.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: {
        maxReceiveCount: storeDelivery.maxReceiveCount,
        deadLetterTargetArn: Match.anyValue(),
      },
    });
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Timeout: storeDelivery.functionTimeoutSeconds,
      Environment: { Variables: Match.objectLike({ SESSIONS_TABLE: Match.anyValue() }) },
    });
  });

  it("are all encrypted and SSL-only, the store's sized for the largest accepted request", () => {
    const queues = Object.values(dev.findResources('AWS::SQS::Queue'));
    // The events queue, its DLQ, the quarantine, the DLQs of the topics' deliveries to the
    // store's queue and to the quarantine, and the housekeeping schedule's DLQ.
    expect(queues).toHaveLength(6);
    for (const queue of queues)
      expect(queue.Properties).toMatchObject({ SqsManagedSseEnabled: true });
    // The events queue and its DLQ, the quarantine, and the DLQ of the quarantine topic's
    // delivery: a refused request's record SNS cannot deliver (up to the topic's 1 MiB) moves
    // there whole.
    const largest = Object.entries(dev.findResources('AWS::SQS::Queue'))
      .filter(([, queue]) => queue.Properties.MaximumMessageSize === MAX_QUEUE_MESSAGE_BYTES)
      .map(([id]) => id);
    expect(MAX_QUEUE_MESSAGE_BYTES).toBe(1_048_576);
    expect(largest).toHaveLength(4);
    expect(largest.filter((id) => /FanOutQuarantineDeliveryDlq/.test(id))).toHaveLength(1);
    dev.resourceCountIs('AWS::SQS::QueuePolicy', 6);
    dev.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('feed the store with partial batch responses, a batching window and a concurrency cap', () => {
    dev.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: storeDelivery.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: 1,
      ScalingConfig: { MaximumConcurrency: 5 },
    });
  });
});

describe('the tables', () => {
  it.each(Object.entries(tables))(
    '%s has the shared keys, indexes and TTL',
    (_name, definition) => {
      dev.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          ...('sortKey' in definition
            ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' }]
            : []),
        ],
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        ...(definition.indexes.length > 0
          ? {
              GlobalSecondaryIndexes: definition.indexes.map((index) =>
                Match.objectLike({
                  IndexName: index.indexName,
                  KeySchema: [
                    { AttributeName: index.partitionKey.name, KeyType: 'HASH' },
                    { AttributeName: index.sortKey.name, KeyType: 'RANGE' },
                  ],
                  Projection: {
                    ProjectionType: 'INCLUDE',
                    NonKeyAttributes: [...index.projectedAttributes],
                  },
                }),
              ),
            }
          : {}),
        Replicas: [
          Match.objectLike({
            PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          }),
        ],
      });
    },
  );

  it('differ from the previous release by at most one index per table: one deployment upgrades them', () => {
    // DynamoDB (and so CloudFormation) creates or deletes one global secondary index per table
    // update; a deployment that asked for two on one table would fail (docs/deploy.md).
    const previousRelease: Record<string, string[]> = {
      Sessions: ['byAgent'],
      States: [],
      Calls: ['byQueue', 'byAgent'],
    };
    for (const [name, before] of Object.entries(previousRelease)) {
      const [table] = Object.entries(dev.findResources('AWS::DynamoDB::GlobalTable')).filter(
        ([id]) => id.startsWith(`ForwarderStorage${name}`),
      );
      const now: string[] = (table?.[1].Properties.GlobalSecondaryIndexes ?? []).map(
        (index: { IndexName: string }) => index.IndexName,
      );
      const changed = [
        ...now.filter((index) => !before.includes(index)),
        ...before.filter((index) => !now.includes(index)),
      ];
      // Named in the failure: which table asks for which indexes at once.
      expect({ [name]: changed }).toEqual({ [name]: changed.slice(0, 1) });
    }
  });

  it('are retained and protected in prod, destroyable in dev', () => {
    for (const table of Object.values(prod.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.DeletionPolicy).toBe('Retain');
      expect(table.Properties.Replicas[0].DeletionProtectionEnabled).toBe(true);
    }
    for (const table of Object.values(dev.findResources('AWS::DynamoDB::GlobalTable'))) {
      expect(table.DeletionPolicy).toBe('Delete');
    }
  });
});

describe('the functions and grants', () => {
  it('run Node.js 24 on arm64, and ingest reads the secret through the extension', () => {
    dev.allResourcesProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
    });
    dev.hasResourceProperties('AWS::Lambda::Function', {
      Layers: [Match.anyValue()],
      Environment: {
        Variables: Match.objectLike({
          CREDENTIAL_SECRET_ARN: Match.anyValue(),
          SOURCE_TIME_ZONE: 'UTC',
        }),
      },
    });
  });

  /** Every action the policies attached to the role named like `role` allow, sorted. */
  const actionsOf = (template: Template, role: RegExp) =>
    Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((policy) => role.test(JSON.stringify(policy.Properties.Roles)))
      .flatMap((policy) => policy.Properties.PolicyDocument.Statement)
      .flatMap((statement) => [statement.Action].flat())
      .sort();

  it('grant each function exactly the actions its code (and its event source) calls', () => {
    // Publish to the events topic and to the quarantine topic; SendMessage to the quarantine
    // queue only for the previous version's warm instances during the upgrade (this release).
    expect(actionsOf(dev, /Ingest/)).toEqual([
      'secretsmanager:GetSecretValue',
      'sns:Publish',
      'sns:Publish',
      'sqs:SendMessage',
    ]);
    expect(actionsOf(dev, /Store/)).toEqual(
      [
        ...['GetItem', 'PutItem', 'UpdateItem', 'Query'].flatMap((action) =>
          Array(3).fill(`dynamodb:${action}`),
        ),
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    expect(actionsOf(dev, /ReadSide/)).toEqual(
      [
        ...['GetItem', 'Query', 'BatchGetItem'].flatMap((action) =>
          Array(3).fill(`dynamodb:${action}`),
        ),
        'secretsmanager:GetSecretValue',
      ].sort(),
    );
    const traced = synth({ stage: 'dev', tracing: 'true' }).template;
    expect(actionsOf(traced, /Ingest/)).toEqual(
      [
        'secretsmanager:GetSecretValue',
        'sns:Publish',
        'sns:Publish',
        'sqs:SendMessage',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
  });

  it('grant no wildcard action, the webhook secret only to ingest, the read secret only to read', () => {
    const policies = Object.values(dev.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
    for (const statement of statements) {
      for (const action of [statement.Action].flat()) expect(action).not.toContain('*');
    }
    const readersOf = (secretId: string) =>
      policies
        .filter((policy) =>
          policy.Properties.PolicyDocument.Statement.some(
            (statement: { Action: string | string[]; Resource: unknown }) =>
              [statement.Action].flat().includes('secretsmanager:GetSecretValue') &&
              JSON.stringify(statement.Resource).includes(secretId),
          ),
        )
        .map((policy) => JSON.stringify(policy.Properties.Roles));
    const secretId = (prefix: string) =>
      Object.keys(dev.findResources('AWS::SecretsManager::Secret')).find((id) =>
        id.startsWith(prefix),
      ) as string;
    const webhook = readersOf(secretId('ForwarderCredential'));
    expect(webhook).toHaveLength(1);
    expect(webhook[0]).toContain('Ingest');
    const read = readersOf(secretId('ForwarderReadSideCredential'));
    expect(read).toHaveLength(1);
    expect(read[0]).toContain('ReadSideRead');
  });
});

describe('the API', () => {
  it('routes POST and GET of the three event paths, POST of the subscription route and GET health to ingest, and the read routes, throttled, with JSON logs', () => {
    const routes = Object.values(dev.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties.RouteKey,
    );
    expect(routes.sort()).toEqual(
      [
        'GET /v1/agent-events',
        'GET /v1/call-events',
        'GET /v1/events',
        'GET /v1/health',
        'POST /v1/agent-events',
        'POST /v1/call-events',
        'POST /v1/events',
        'POST /v1/agent-state-subscription',
        // The read side (test/infra/read-side.test.ts).
        'GET /v1/agents',
        'GET /v1/agents/{agentLoginId}',
        'GET /v1/calls/{callId}',
        'GET /v1/queues/{gateId}/calls',
        'GET /v1/intervals/queues',
        'GET /v1/intervals/agents',
        'GET /v1/segments',
        'GET /board',
      ].sort(),
    );
    dev.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 200, ThrottlingBurstLimit: 400 },
      AccessLogSettings: {
        DestinationArn: Match.anyValue(),
        Format: Match.stringLikeRegexp('"requestId"'),
      },
    });
  });
});

describe('monitoring and outputs', () => {
  it('alarms on the DLQs, the quarantine, store lag, refused credentials, 5xx rate, errors and throttles', () => {
    const alarms = Object.values(dev.findResources('AWS::CloudWatch::Alarm'));
    // Ingest's, the store's and housekeeping's errors and throttles among them.
    expect(alarms).toHaveLength(14);
    const metricNames = JSON.stringify(alarms);
    for (const name of [
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      '5xx',
      'Errors',
      'Throttles',
    ]) {
      expect(metricNames).toContain(name);
    }
    // The events and quarantine topics only: no alarm topic without an e-mail to send to.
    dev.resourceCountIs('AWS::SNS::Topic', 2);
    prod.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    dev.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    // Stored events are counted by the store's own metric, not by the queue's deletes.
    const [dashboard] = Object.values(dev.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.stringify(dashboard?.Properties?.DashboardBody);
    for (const name of ['Stored', 'Unchanged', 'Failed']) {
      expect(body).toContain(`EngageWfmForwarder\\",\\"${name}\\"`);
    }
    expect(body).not.toContain('NumberOfMessagesDeleted');
  });

  it('alarms when more requests than the threshold are refused for their credential', () => {
    const unauthorized = (template: Template) =>
      Object.values(template.findResources('AWS::CloudWatch::Alarm')).filter(
        (alarm) => alarm.Properties.MetricName === 'Rejected.unauthorized',
      );
    expect(unauthorized(dev)).toEqual([
      expect.objectContaining({
        Properties: expect.objectContaining({
          Namespace: 'EngageWfmForwarder',
          Dimensions: [{ Name: 'service', Value: 'engage-wfm-forwarder' }],
          Statistic: 'Sum',
          Period: 300,
          Threshold: DEFAULT_UNAUTHORIZED_ALARM_THRESHOLD,
          ComparisonOperator: 'GreaterThanThreshold',
        }),
      }),
    ]);
    const strict = synth({ stage: 'dev', unauthorizedAlarmThreshold: '0' }).template;
    expect(unauthorized(strict)[0]?.Properties.Threshold).toBe(0);
  });

  it("lets this account's CloudWatch alarms publish to the encrypted alarm topic, and no one else", () => {
    const [keyId, key] = Object.entries(prod.findResources('AWS::KMS::Key'))[0] ?? [];
    expect(key?.Properties.EnableKeyRotation).toBe(true);
    const alarmsOfThisAccount = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: {
        'aws:SourceArn': {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':cloudwatch:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':alarm:*',
            ],
          ],
        },
      },
    };
    expect(key?.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'CloudWatchAlarmsUseTheKey',
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: alarmsOfThisAccount,
    });
    const alarmTopic = Object.entries(prod.findResources('AWS::SNS::Topic')).find(([id]) =>
      id.includes('AlarmTopic'),
    );
    expect(alarmTopic?.[1].Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
    prod.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: alarmTopic?.[0] }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          {
            Sid: 'CloudWatchAlarmsPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: { Ref: alarmTopic?.[0] },
            Condition: alarmsOfThisAccount,
          },
        ]),
      },
    });
    // Every alarm notifies that topic.
    for (const alarm of Object.values(prod.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: alarmTopic?.[0] }]);
    }
  });

  it('outputs what to paste into Engage Voice and what subscribers need', () => {
    const outputs = Object.keys(dev.findOutputs('*'));
    expect(outputs).not.toContain('EventsQueueUrl');
    // The base URL tools take as --url (the event URLs are that plus a route).
    const [api] = Object.keys(dev.findResources('AWS::ApiGatewayV2::Api'));
    dev.hasOutput('ApiUrl', { Value: { 'Fn::GetAtt': [api, 'ApiEndpoint'] } });
    for (const name of [
      'AgentEventUrl',
      'CallEventUrl',
      'AgentStateSubscriptionUrl',
      'HealthUrl',
      'CredentialSecretArn',
      'EventsTopicArn',
      'QuarantineQueueUrl',
      'DlqUrl',
      'SessionsTable',
      'StatesTable',
      'CallsTable',
      'BoardUrl',
      'ReadCredentialSecretArn',
    ]) {
      expect(outputs).toContain(name);
    }
  });
});

describe('configuration and checks', () => {
  it('refuses unknown stages and bad values with a message naming the key', () => {
    const bad = (context: Record<string, unknown>) => () =>
      configFromContext((key) => context[key]);
    expect(bad({ stage: 'qa' })).toThrow(
      new ConfigError('context stage must be one of dev, test, staging, prod, got "qa"'),
    );
    expect(bad({ sourceTimeZone: 'Mars/Base' })).toThrow(
      'sourceTimeZone "Mars/Base" is not an IANA time zone',
    );
    expect(bad({ retentionDays: '0' })).toThrow(
      'retentionDays must be a whole number from 1 to 3650',
    );
    expect(bad({ maxBodyKiB: 5000 })).toThrow('maxBodyKiB');
    expect(bad({ staleAfterHours: '0' })).toThrow(
      'context staleAfterHours must be a whole number from 1 to 168',
    );
    expect(bad({ unauthorizedAlarmThreshold: 'many' })).toThrow(
      'context unauthorizedAlarmThreshold must be a whole number from 0 to 1000000, got "many"',
    );
    expect(bad({ accountTimeZones: '{"1":"Nowhere"}' })).toThrow('accountTimeZones');
    expect(bad({ alarmEmail: 'not-an-address' })).toThrow('alarmEmail');
    expect(bad({ logLevel: 'verbose' })).toThrow(
      'context logLevel must be one of DEBUG, INFO, WARN, ERROR, got "verbose"',
    );
  });

  it('logs at INFO unless told otherwise, in every function', () => {
    const level = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties?.Environment?.Variables?.POWERTOOLS_LOG_LEVEL)
        .filter((value) => value !== undefined);
    expect(level(dev)).toEqual(['INFO', 'INFO', 'INFO', 'INFO']);
    expect(level(synth({ stage: 'dev', logLevel: 'warn' }).template)).toEqual([
      'WARN',
      'WARN',
      'WARN',
      'WARN',
    ]);
  });

  it('traces no function unless told to (X-Ray bills every trace), then every one', () => {
    const traced = synth({ stage: 'dev', tracing: 'true' }).template;
    expect(
      Object.keys(
        traced.findResources('AWS::Lambda::Function', {
          Properties: { TracingConfig: { Mode: 'Active' } },
        }),
      ),
    ).toHaveLength(4);
    expect(
      Object.keys(
        dev.findResources('AWS::Lambda::Function', {
          Properties: { TracingConfig: Match.anyValue() },
        }),
      ),
    ).toHaveLength(0);
    expect(() => configFromContext((key) => ({ tracing: 'off' })[key])).toThrow(
      'context tracing must be true or false, got "off"',
    );
  });

  it('reads the secret through the extension with a short cache, from the layer CDK knows or the one given', () => {
    const ingestEnvironment = (template: Template) =>
      Object.values(template.findResources('AWS::Lambda::Function'))
        .map((fn) => fn.Properties.Environment.Variables)
        .find((variables) => variables.CREDENTIAL_SECRET_ARN !== undefined);
    expect(ingestEnvironment(dev)).toMatchObject({
      SECRETS_MANAGER_TTL: String(SECRETS_EXTENSION_TTL_SECONDS),
    });
    const known = synth({ stage: 'dev' }, false, { region: 'eu-west-1' }).template;
    known.hasResourceProperties('AWS::Lambda::Function', {
      Layers: [
        Match.stringLikeRegexp(
          '^arn:aws:lambda:eu-west-1:\\d+:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:',
        ),
      ],
    });
    const layerArn =
      'arn:aws:lambda:ap-south-2:123456789012:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:7';
    const given = synth({ stage: 'dev', paramsAndSecretsLayerArn: layerArn }, false, {
      region: 'ap-south-2',
    }).template;
    given.hasResourceProperties('AWS::Lambda::Function', { Layers: [layerArn] });
  });

  it('stops the synth in a region whose extension layer CDK does not know, naming the region and the key', () => {
    expect(() => synth({ stage: 'dev' }, false, { region: 'ap-south-2' })).toThrow(ConfigError);
    expect(() => synth({ stage: 'dev' }, false, { region: 'ap-south-2' })).toThrow(
      /in ap-south-2: give its ARN \(arm64\) with -c paramsAndSecretsLayerArn=/,
    );
    expect(() =>
      configFromContext((key) => ({ paramsAndSecretsLayerArn: 'layer-7' })[key]),
    ).toThrow('context paramsAndSecretsLayerArn must be a Lambda layer version ARN');
  });

  it('caps maxBodyKiB where a refused body still fits its quarantine message whole', () => {
    const maxBodyKiB = (value: unknown) =>
      configFromContext((key) => ({ maxBodyKiB: value })[key]).maxBodyKiB;
    expect(maxBodyKiB(String(MAX_BODY_KIB_LIMIT))).toBe(MAX_BODY_KIB_LIMIT);
    expect(() => maxBodyKiB(MAX_BODY_KIB_LIMIT + 1)).toThrow(
      `context maxBodyKiB must be a whole number from 1 to ${MAX_BODY_KIB_LIMIT}`,
    );
    // Base64 (4/3) plus the worst-case rest of the record fits the 1 MiB queue message.
    expect(
      Math.ceil((MAX_BODY_KIB_LIMIT * 1024) / 3) * 4 + QUARANTINE_RESERVE_BYTES,
    ).toBeLessThanOrEqual(MAX_QUEUE_MESSAGE_BYTES);
    expect(
      Math.ceil(((MAX_BODY_KIB_LIMIT + 1) * 1024) / 3) * 4 + QUARANTINE_RESERVE_BYTES,
    ).toBeGreaterThan(MAX_QUEUE_MESSAGE_BYTES);
  });

  it('passes cdk-nag AWS Solutions and Serverless packs with every exception acknowledged', () => {
    for (const context of [
      { stage: 'dev' },
      { stage: 'dev', tracing: 'true' },
      { stage: 'prod', alarmEmail: 'ops@example.com' },
    ]) {
      const { app } = synth(context, true);
      expect(() => app.synth()).not.toThrow();
    }
  });
});
