import {
  Aws,
  CfnOutput,
  Duration,
  Names,
  RemovalPolicy,
  Stack,
  Token,
  Validations,
} from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Grant } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { SUBSCRIPTION_ROUTE } from '../lambdas/ingest/subscription';
import { SECRETS_EXTENSION_TTL_SECONDS } from '../lambdas/platform/credentials';
import { storeDelivery } from '../lambdas/platform/resources';
import { ConfigError, type ForwarderConfig, isProtectedStage } from './config';
import { FanOut } from './fan-out';
import { ForwarderFunction } from './forwarder-function';
import { Housekeeping } from './housekeeping';
import { Monitoring } from './monitoring';
import { ReadSide } from './read-side';
import { acknowledgeIndexGrants, Storage } from './storage';

export interface EngageWfmForwarderProps {
  config: ForwarderConfig;
}

/**
 * The Parameters and Secrets extension, its cache kept short so that a rotation takes effect
 * within the wait docs/deploy.md states. CDK knows the layer's ARN in some regions only: the
 * context `paramsAndSecretsLayerArn` gives it anywhere, and without it the synth stops in a
 * region CDK does not know, instead of a deploy failing on CDK's region map.
 */
function paramsAndSecretsLayer(
  scope: Construct,
  layerArn: string | undefined,
): ParamsAndSecretsLayerVersion {
  const options = {
    cacheSize: 10,
    logLevel: ParamsAndSecretsLogLevel.WARN,
    secretsManagerTtl: Duration.seconds(SECRETS_EXTENSION_TTL_SECONDS),
  };
  if (layerArn !== undefined) return ParamsAndSecretsLayerVersion.fromVersionArn(layerArn, options);
  const version = ParamsAndSecretsVersions.V1_0_103;
  const region = Stack.of(scope).region;
  if (
    !Token.isUnresolved(region) &&
    RegionInfo.get(region).paramsAndSecretsLambdaLayerArn(version, Architecture.ARM_64.name) ===
      undefined
  ) {
    throw new ConfigError(
      `CDK knows no Parameters and Secrets Lambda Extension layer in ${region}: give its ARN (arm64) with -c paramsAndSecretsLayerArn=arn:aws:lambda:${region}:<account>:layer:AWS-Parameters-and-Secrets-Lambda-Extension-Arm64:<version> (AWS lists the ARNs per region in the extension's documentation)`,
    );
  }
  return ParamsAndSecretsLayerVersion.fromVersion(version, options);
}

export const EVENT_ROUTES = ['/v1/events', '/v1/agent-events', '/v1/call-events'] as const;
export const HEALTH_ROUTE = '/v1/health';

/** One access log line per API request (the bench prices its bytes in CloudWatch Logs). */
export const API_ACCESS_LOG_FORMAT = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
} as const;

/**
 * The whole forwarder: HTTP API -> ingest -> events topic -> events queue -> store -> tables,
 * the topic also feeding each subscriber's queue, with the quarantine, the DLQs, the shared
 * credential, alarms and a dashboard, and the read side (agents API and wallboard) on the same
 * API. Read top to bottom it is the list of resources and the grants between them.
 */
export class EngageWfmForwarder extends Construct {
  readonly storage: Storage;
  readonly fanOut: FanOut;
  readonly api: HttpApi;
  readonly ingest: ForwarderFunction;
  readonly store: ForwarderFunction;
  readonly credential: Secret;
  readonly read: ReadSide;
  readonly housekeeping: Housekeeping;

  constructor(scope: Construct, id: string, props: EngageWfmForwarderProps) {
    super(scope, id);
    const { config } = props;
    const protect = isProtectedStage(config.stage);
    const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.storage = new Storage(this, 'Storage', {
      protect,
      batchingWindowSeconds: config.storeBatchingWindowSeconds,
      capacity: config.capacity,
    });
    const { events, quarantine, dlq, tables } = this.storage;
    this.fanOut = new FanOut(this, 'FanOut', {
      storeQueue: events,
      quarantineQueue: quarantine,
      subscribers: config.subscribers,
      subscriberAccounts: config.subscriberAccounts,
      removalPolicy,
    });

    // The sender can only add a static header, so the credential is a long random token (also
    // the Basic password of user "engage"). Rotation: see docs/deploy.md (`previous`).
    this.credential = new Secret(this, 'Credential', {
      description:
        'Engage Voice WFM webhook credential: {"user","token"} (+ "previous" while rotating)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ user: 'engage' }),
        generateStringKey: 'token',
        passwordLength: 40,
        excludePunctuation: true,
      },
      removalPolicy,
    });
    Validations.of(this.credential).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SMG4',
      reason:
        'Rotation needs the new value pasted into Engage Voice: manual, with two active values',
    });

    // Credentials are read through this extension: no Secrets Manager client in the bundles.
    const paramsAndSecrets = paramsAndSecretsLayer(this, config.paramsAndSecretsLayerArn);
    this.ingest = new ForwarderFunction(this, 'Ingest', {
      name: 'ingest',
      // Well under API Gateway's 30 s: the handler itself gives up on SNS after 7 s.
      timeout: Duration.seconds(10),
      removalPolicy,
      logLevel: config.logLevel,
      tracing: config.tracing,
      paramsAndSecrets,
      environment: {
        EVENTS_TOPIC_ARN: this.fanOut.topic.topicArn,
        QUARANTINE_TOPIC_ARN: this.fanOut.quarantineTopic.topicArn,
        CREDENTIAL_SECRET_ARN: this.credential.secretArn,
        SOURCE_TIME_ZONE: config.sourceTimeZone,
        ACCOUNT_TIME_ZONES: JSON.stringify(config.accountTimeZones),
        MAX_BODY_KIB: String(config.maxBodyKiB),
        // The stack's id ends in a UUID of its own: a salt that is the same for every instance
        // (so the hashed client addresses of 401s compare across them) and for no other stack.
        CLIENT_ADDRESS_SALT: Aws.STACK_ID,
      },
    });
    // Exactly the actions each function calls: the convenience grants (grantSendMessages,
    // grantRead) would add GetQueueAttributes, GetQueueUrl and DescribeSecret, never called.
    this.fanOut.topic.grantPublish(this.ingest.function); // sns:Publish (PublishBatch included)
    this.fanOut.quarantineTopic.grantPublish(this.ingest.function);
    // Upgrade safety of the quarantine's move to a topic. The new ingest publishes there only once
    // the queue's subscription exists, so no refused request goes to a topic without a subscriber
    // while CloudFormation updates; and warm instances of the previous version still send to the
    // queue itself until they are replaced, so that grant stays for this release (the next one
    // removes it, docs/deploy.md).
    this.ingest.function.node.addDependency(this.fanOut.quarantineSubscription);
    quarantine.grant(this.ingest.function, 'sqs:SendMessage');
    // Read by the Parameters and Secrets extension, with the function's role.
    Grant.addToPrincipal({
      grantee: this.ingest.function,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [this.credential.secretArn],
    });
    Validations.of(this.ingest.function).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Ingest answers synchronously: a failure is a 503 the sender retries',
    });

    this.store = new ForwarderFunction(this, 'Store', {
      name: 'store',
      timeout: Duration.seconds(storeDelivery.functionTimeoutSeconds),
      removalPolicy,
      logLevel: config.logLevel,
      tracing: config.tracing,
      environment: {
        SESSIONS_TABLE: tables.sessions.tableName,
        STATES_TABLE: tables.states.tableName,
        CALLS_TABLE: tables.calls.tableName,
        RETENTION_DAYS: String(config.retentionDays),
      },
    });
    // Exactly what the store calls. A table's grant also covers its indexes (`<table>/index/*`),
    // which the store never reads; acknowledged below for those two resources only.
    for (const table of Object.values(tables)) {
      table.grant(
        this.store.function,
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:Query',
      );
    }
    // The event source as SqsEventSource builds it (same construct id, so an update keeps the
    // mapping), granted only what the Lambda service calls for it: SqsEventSource's
    // grantConsumeMessages adds ChangeMessageVisibility and GetQueueUrl, which it never calls.
    const storeEventSource = this.store.function.addEventSourceMapping(
      `SqsEventSource:${Names.nodeUniqueId(events.node)}`,
      {
        eventSourceArn: events.queueArn,
        batchSize: storeDelivery.batchSize,
        maxBatchingWindow: Duration.seconds(config.storeBatchingWindowSeconds),
        maxConcurrency: config.storeMaxConcurrency,
        reportBatchItemFailures: true,
      },
    );
    events.grant(
      this.store.function,
      'sqs:ReceiveMessage',
      'sqs:DeleteMessage',
      'sqs:GetQueueAttributes',
    );
    Validations.of(this.store.function).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: 'Fed by SQS: failed records go to the events queue DLQ through its redrive policy',
    });
    acknowledgeIndexGrants(
      this.store.function,
      tables,
      "The table's grant covers its indexes too; the store reads none of them",
    );
    Validations.of(storeEventSource).acknowledge({
      id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
      reason: 'Failed records go to the events queue DLQ through its redrive policy',
    });

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    // No authorizer at the gateway: Engage Voice can only send static headers, which the
    // ingest function checks in constant time against the rotating secret.
    this.api = new HttpApi(this, 'Api', {
      description: 'Engage Voice (RingCX) WFM webhook endpoint',
      createDefaultStage: false,
    });
    // The stage HttpApi would create, with the same construct id (so the same logical id: an
    // update changes it in place), throttled and logging each request as one JSON line.
    new HttpStage(this.api, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: config.throttleRateLimit, burstLimit: config.throttleBurstLimit },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(API_ACCESS_LOG_FORMAT)),
      },
    });
    const integration = new HttpLambdaIntegration('Ingest', this.ingest.function);
    for (const path of EVENT_ROUTES) {
      this.api.addRoutes({ path, methods: [HttpMethod.POST, HttpMethod.GET], integration });
    }
    // RingCX's Agent State Subscription API posts, and only posts, to its notificationUrl.
    this.api.addRoutes({ path: SUBSCRIPTION_ROUTE, methods: [HttpMethod.POST], integration });
    this.api.addRoutes({ path: HEALTH_ROUTE, methods: [HttpMethod.GET], integration });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions::AwsSolutions-APIG4',
      reason:
        'Engage Voice can only send static headers; the function checks them against the secret',
    });

    this.read = new ReadSide(this, 'ReadSide', {
      api: this.api,
      tables,
      config,
      removalPolicy,
      paramsAndSecrets,
    });

    this.housekeeping = new Housekeeping(this, 'Housekeeping', {
      sessions: tables.sessions,
      topic: this.fanOut.topic,
      config,
      removalPolicy,
      paramsAndSecrets,
    });

    new Monitoring(this, 'Monitoring', {
      alarmEmail: config.alarmEmail,
      unauthorizedAlarmThreshold: config.unauthorizedAlarmThreshold,
      removalPolicy,
      api: this.api,
      functions: {
        ingest: this.ingest.function,
        store: this.store.function,
        housekeeping: this.housekeeping.function,
      },
      storage: this.storage,
      fanOut: this.fanOut,
      housekeepingDlq: this.housekeeping.deadLetterQueue,
      reconcileMinutes: this.housekeeping.reconcileMinutes,
    });

    const url = this.api.apiEndpoint;
    const outputs: Record<string, [string, string]> = {
      ApiUrl: [url, 'Base URL of the API: the --url of npm run send and npm run replay'],
      AgentEventUrl: [`${url}/v1/agent-events`, 'Paste as the Agent Event URL in Engage Voice'],
      CallEventUrl: [`${url}/v1/call-events`, 'Paste as the Call Event URL in Engage Voice'],
      AgentStateSubscriptionUrl: [
        `${url}${SUBSCRIPTION_ROUTE}`,
        'The notificationUrl of a RingCX agent-state subscription',
      ],
      HealthUrl: [`${url}${HEALTH_ROUTE}`, 'Answers {"status":"ok"} without a credential'],
      CredentialSecretArn: [this.credential.secretArn, 'The token for the X-Webhook-Token header'],
      ...this.fanOut.outputs(),
      QuarantineQueueUrl: [quarantine.queueUrl, 'Refused requests, for npm run replay'],
      DlqUrl: [dlq.queueUrl, 'Events the store could not write, for npm run replay'],
      SessionsTable: [tables.sessions.tableName, 'Agent sessions'],
      StatesTable: [tables.states.tableName, 'Agent state timelines'],
      CallsTable: [tables.calls.tableName, 'Call records'],
    };
    for (const [name, [value, description]] of Object.entries(outputs)) {
      new CfnOutput(this, name, { value, description, key: name });
    }
  }
}
