import { Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { SWEEP_EVERY_MINUTES } from '../lambdas/housekeeping/config';
import { indexOf, TABLE_ENV } from '../lambdas/platform/resources';
import type { ForwarderConfig } from './config';
import { ForwarderFunction } from './forwarder-function';

export interface HousekeepingProps {
  readonly sessions: TableV2;
  readonly topic: ITopic;
  readonly config: Pick<ForwarderConfig, 'logLevel' | 'tracing' | 'staleAfterHours'>;
  readonly removalPolicy: RemovalPolicy;
}

const SWEEP_EVERY = Duration.minutes(SWEEP_EVERY_MINUTES);

/**
 * The scheduled housekeeping function: every 5 minutes (EventBridge Scheduler) it lists the open
 * sessions through the sessions' `byPresence` index and publishes an inferred logout for each
 * one with no event for `staleAfterHours` on the events topic. Its role holds exactly what it
 * calls: Query on that index, BatchGetItem on the table, Publish on the topic. A run that fails
 * is retried twice within the period, then kept in the schedule's DLQ; the next run sweeps
 * again anyway.
 */
export class Housekeeping extends Construct {
  readonly function: ForwarderFunction;
  readonly deadLetterQueue: Queue;
  readonly schedule: CfnSchedule;

  constructor(scope: Construct, id: string, props: HousekeepingProps) {
    super(scope, id);
    this.function = new ForwarderFunction(this, 'Sweep', {
      name: 'housekeeping',
      timeout: Duration.minutes(1),
      removalPolicy: props.removalPolicy,
      logLevel: props.config.logLevel,
      tracing: props.config.tracing,
      environment: {
        [TABLE_ENV.sessions]: props.sessions.tableName,
        EVENTS_TOPIC_ARN: props.topic.topicArn,
        STALE_AFTER_HOURS: String(props.config.staleAfterHours),
      },
    });
    const sweep = this.function.function;
    sweep.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: [
          `${props.sessions.tableArn}/index/${indexOf('sessions', 'byPresence').indexName}`,
        ],
      }),
    );
    sweep.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:BatchGetItem'],
        resources: [props.sessions.tableArn],
      }),
    );
    sweep.addToRolePolicy(
      new PolicyStatement({ actions: ['sns:Publish'], resources: [props.topic.topicArn] }),
    );

    this.deadLetterQueue = new Queue(this, 'Dlq', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
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
    Validations.of(sweep).acknowledge({
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
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [sweep.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    this.schedule = new CfnSchedule(this, 'Every5Minutes', {
      description: 'Closes sessions whose LOGOUT never came (inferred logouts)',
      scheduleExpression: `rate(${SWEEP_EVERY_MINUTES} minutes)`,
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: sweep.functionArn,
        roleArn: role.roleArn,
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
        // Within the period: the next run sweeps again anyway.
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: SWEEP_EVERY.toSeconds() },
      },
    });
  }
}
