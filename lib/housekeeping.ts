import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { ParamsAndSecretsLayerVersion } from 'aws-cdk-lib/aws-lambda';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RECONCILE_INPUT, SWEEP_EVERY_MINUTES } from '../lambdas/housekeeping/config';
import { indexOf, storeDelivery, TABLE_ENV } from '../lambdas/platform/resources';
import type { ForwarderConfig } from './config';
import { ForwarderFunction } from './forwarder-function';

export interface HousekeepingProps {
  readonly sessions: TableV2;
  readonly topic: ITopic;
  readonly config: Pick<
    ForwarderConfig,
    'logLevel' | 'tracing' | 'staleAfterHours' | 'ringcxCredentialsSecretArn' | 'reconcileMinutes'
  >;
  readonly removalPolicy: RemovalPolicy;
  /** How the function reads the RingCX credentials; used only when they are configured. */
  readonly paramsAndSecrets: ParamsAndSecretsLayerVersion;
}

/**
 * The scheduled housekeeping function: every 5 minutes (EventBridge Scheduler) it lists the open
 * sessions through the sessions' `byPresence` index and publishes an inferred logout for each
 * one with no event for `staleAfterHours` on the events topic. Its role holds exactly what it
 * calls: Query on that index, BatchGetItem on the table, Publish on the topic. A run that fails
 * is retried twice within the period, then kept in the schedule's DLQ; the next run sweeps
 * again anyway. With `ringcxCredentialsSecretArn`, a second schedule runs it every
 * `reconcileMinutes` to reconcile with RingCX's real-time agent list (input
 * `{"task":"reconcile"}`): the function then also reads that secret, and that secret alone,
 * through the Parameters and Secrets extension, and may UpdateItem the sessions (the mark of a
 * session the list missed once).
 */
export class Housekeeping extends Construct {
  readonly function: NodejsFunction;
  readonly deadLetterQueue: Queue;
  /** Minutes between reconciliations; only with `ringcxCredentialsSecretArn`. */
  readonly reconcileMinutes?: number;

  constructor(scope: Construct, id: string, props: HousekeepingProps) {
    super(scope, id);
    const secretArn = props.config.ringcxCredentialsSecretArn;
    const handler = new ForwarderFunction(this, 'Handler', {
      name: 'housekeeping',
      timeout: Duration.minutes(1),
      removalPolicy: props.removalPolicy,
      logLevel: props.config.logLevel,
      tracing: props.config.tracing,
      paramsAndSecrets: secretArn === undefined ? undefined : props.paramsAndSecrets,
      environment: {
        [TABLE_ENV.sessions]: props.sessions.tableName,
        EVENTS_TOPIC_ARN: props.topic.topicArn,
        STALE_AFTER_HOURS: String(props.config.staleAfterHours),
        ...(secretArn === undefined ? {} : { RINGCX_CREDENTIALS_SECRET_ARN: secretArn }),
      },
    });
    const fn = handler.function;
    this.function = fn;
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [
          `${props.sessions.tableArn}/index/${indexOf('sessions', 'byPresence').indexName}`,
        ],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    fn.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [props.topic.topicArn] }),
    );
    if (secretArn !== undefined) {
      // Read by the Parameters and Secrets extension, with the function's role.
      fn.addToRolePolicy(
        new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }),
      );
      // Reconciliation's mark of a session its list missed once (reconcileMissedAt).
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: ['dynamodb:UpdateItem'],
          resources: [props.sessions.tableArn],
        }),
      );
    }

    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(storeDelivery.retentionDays),
      removalPolicy: props.removalPolicy,
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions::AwsSolutions-SQS3',
      reason: 'The schedule DLQ is an end station an operator reads, not a consumed queue',
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'Serverless::Serverless-SQSRedrivePolicy',
      reason: 'The schedule DLQ is the last stop by design',
    });
    Validations.of(fn).acknowledge({
      id: 'Serverless::Serverless-LambdaDLQ',
      reason: "The schedule retries a failed run and keeps it in the schedule's DLQ",
    });
    // A role of its own that may invoke this function (not its versions) and fill its DLQ, for
    // schedules of this account only: the L2 target's role would also grant `<function>:*`.
    const stack = Stack.of(this);
    const role = new Role(this, 'ScheduleRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [fn.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    const every = (id: string, minutes: number, description: string, input?: string) =>
      new CfnSchedule(this, id, {
        description,
        scheduleExpression: `rate(${minutes} minutes)`,
        flexibleTimeWindow: { mode: 'OFF' },
        target: {
          arn: fn.functionArn,
          roleArn: role.roleArn,
          input,
          deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
          // Within the period: the next run does the work anyway.
          retryPolicy: {
            maximumRetryAttempts: 2,
            maximumEventAgeInSeconds: Duration.minutes(minutes).toSeconds(),
          },
        },
      });
    every(
      'Every5Minutes',
      SWEEP_EVERY_MINUTES,
      'Closes sessions whose LOGOUT never came (inferred logouts)',
    );
    if (secretArn !== undefined) {
      this.reconcileMinutes = props.config.reconcileMinutes;
      every(
        'Reconcile',
        this.reconcileMinutes,
        "Closes sessions RingCX's real-time agent list no longer shows (inferred logouts)",
        JSON.stringify(RECONCILE_INPUT),
      );
    }
  }
}
