import { CfnOutput, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { type CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import {
  ParamsAndSecretsLayerVersion,
  ParamsAndSecretsLogLevel,
  ParamsAndSecretsVersions,
} from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { storeDelivery } from '../lambdas/platform/resources';
import { type ForwarderConfig, isProtectedStage } from './config';
import { FanOut } from './fan-out';
import { ForwarderFunction } from './forwarder-function';
import { Monitoring } from './monitoring';
import { ReadSide } from './read-side';
import { Storage } from './storage';

export interface EngageWfmForwarderProps {
  config: ForwarderConfig;
}

export const EVENT_ROUTES = ['/v1/events', '/v1/agent-events', '/v1/call-events'] as const;
export const HEALTH_ROUTE = '/v1/health';

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

  constructor(scope: Construct, id: string, props: EngageWfmForwarderProps) {
    super(scope, id);
    const { config } = props;
    const protect = isProtectedStage(config.stage);
    const removalPolicy = protect ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.storage = new Storage(this, 'Storage', { protect });
    const { events, quarantine, dlq, tables } = this.storage;
    this.fanOut = new FanOut(this, 'FanOut', {
      storeQueue: events,
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

    // Credentials are read through this extension: no Secrets Manager client in the bundles.
    const paramsAndSecrets = ParamsAndSecretsLayerVersion.fromVersion(
      ParamsAndSecretsVersions.V1_0_103,
      {
        cacheSize: 10,
        logLevel: ParamsAndSecretsLogLevel.WARN,
      },
    );
    this.ingest = new ForwarderFunction(this, 'Ingest', {
      name: 'ingest',
      // Well under API Gateway's 30 s: the handler itself gives up on SNS and SQS after 7 s.
      timeout: Duration.seconds(10),
      removalPolicy,
      logLevel: config.logLevel,
      tracing: config.tracing,
      paramsAndSecrets,
      environment: {
        EVENTS_TOPIC_ARN: this.fanOut.topic.topicArn,
        QUARANTINE_QUEUE_URL: quarantine.queueUrl,
        CREDENTIAL_SECRET_ARN: this.credential.secretArn,
        SOURCE_TIME_ZONE: config.sourceTimeZone,
        ACCOUNT_TIME_ZONES: JSON.stringify(config.accountTimeZones),
        MAX_BODY_KIB: String(config.maxBodyKiB),
      },
    });
    this.fanOut.topic.grantPublish(this.ingest.function);
    quarantine.grantSendMessages(this.ingest.function);
    this.credential.grantRead(this.ingest.function);

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
    // Exactly what the store calls, on the tables only (it never reads the indexes).
    this.store.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
        resources: Object.values(tables).map((table) => table.tableArn),
      }),
    );
    this.store.function.addEventSource(
      new SqsEventSource(events, {
        batchSize: storeDelivery.batchSize,
        maxBatchingWindow: Duration.seconds(config.storeBatchingWindowSeconds),
        maxConcurrency: config.storeMaxConcurrency,
        reportBatchItemFailures: true,
      }),
    );

    const accessLogs = new LogGroup(this, 'ApiAccessLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy,
    });
    // No authorizer at the gateway: Engage Voice can only send static headers, which the
    // ingest function checks in constant time against the rotating secret.
    this.api = new HttpApi(this, 'Api', {
      description: 'Engage Voice (RingCX) WFM webhook endpoint',
      createDefaultStage: true,
    });
    const stage = this.api.defaultStage?.node.defaultChild as CfnStage;
    stage.defaultRouteSettings = {
      throttlingRateLimit: config.throttleRateLimit,
      throttlingBurstLimit: config.throttleBurstLimit,
    };
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        requestTime: '$context.requestTime',
        routeKey: '$context.routeKey',
        status: '$context.status',
        responseLength: '$context.responseLength',
        latencyMs: '$context.responseLatency',
        integrationLatencyMs: '$context.integrationLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };
    const integration = new HttpLambdaIntegration('Ingest', this.ingest.function);
    for (const path of EVENT_ROUTES) {
      this.api.addRoutes({ path, methods: [HttpMethod.POST, HttpMethod.GET], integration });
    }
    this.api.addRoutes({ path: HEALTH_ROUTE, methods: [HttpMethod.GET], integration });

    this.read = new ReadSide(this, 'ReadSide', {
      api: this.api,
      tables,
      config,
      removalPolicy,
      paramsAndSecrets,
    });

    new Monitoring(this, 'Monitoring', {
      alarmEmail: config.alarmEmail,
      api: this.api,
      functions: [this.ingest.function, this.store.function],
      storage: this.storage,
      fanOut: this.fanOut,
    });

    const url = this.api.apiEndpoint;
    const outputs: Record<string, [string, string]> = {
      AgentEventUrl: [`${url}/v1/agent-events`, 'Paste as the Agent Event URL in Engage Voice'],
      CallEventUrl: [`${url}/v1/call-events`, 'Paste as the Call Event URL in Engage Voice'],
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
