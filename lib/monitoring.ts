import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { subscriberQueues } from '../lambdas/platform/resources';
import { METRIC_NAMESPACE, SERVICE_NAME } from '../lambdas/platform/telemetry';
import { pascalCase } from './config';
import type { FanOut } from './fan-out';
import type { Storage } from './storage';

export interface MonitoringProps {
  alarmEmail?: string;
  /** Refused requests (401) in five minutes above which UnauthorizedRequests fires. */
  unauthorizedAlarmThreshold: number;
  removalPolicy: RemovalPolicy;
  api: HttpApi;
  functions: { ingest: IFunction; store: IFunction; housekeeping: IFunction };
  storage: Storage;
  fanOut: FanOut;
  /** Where the housekeeping schedule keeps the runs it could not invoke. */
  housekeepingDlq: IQueue;
  /** Minutes between reconciliations, when the stack reconciles with RingCX. */
  reconcileMinutes?: number;
}

const FIVE_MINUTES = Duration.minutes(5);
/** Messages older than this on the events queue mean the store is falling behind. */
const STORE_LAG_SECONDS = 300;

/**
 * Alarms on everything that means an event is stuck or refused, and one dashboard. SQS event
 * sources have no IteratorAge metric, so the store's lag is the age of the oldest message on
 * the events queue.
 */
export class Monitoring extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const { events, quarantine, dlq } = props.storage;
    const topic = props.alarmEmail === undefined ? undefined : this.alarmTopic(props.removalPolicy);
    if (topic !== undefined && props.alarmEmail !== undefined) {
      topic.addSubscription(new EmailSubscription(props.alarmEmail));
      // Here only: every subscription of the events topic has its DLQ, and a test checks it.
      Validations.of(topic).acknowledge({
        id: 'Serverless::Serverless-SNSRedrivePolicy',
        reason:
          'Alarm e-mails only; a failed delivery leaves the alarm in ALARM, visible in the console',
      });
    }
    const count = (metricName: string, period = FIVE_MINUTES) =>
      new Metric({
        namespace: METRIC_NAMESPACE,
        metricName,
        dimensionsMap: { service: SERVICE_NAME },
        statistic: 'Sum',
        period,
      });
    const alarm = (
      name: string,
      metric: IMetric,
      threshold: number,
      description: string,
      evaluationPeriods = 1,
    ) => {
      const created = new Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      if (topic !== undefined) created.addAlarmAction(new SnsAction(topic));
      this.alarms.push(created);
    };

    const notEmpty = (queue: IQueue) =>
      queue.metricApproximateNumberOfMessagesVisible({
        period: FIVE_MINUTES,
        statistic: 'Maximum',
      });
    alarm(
      'DlqNotEmpty',
      notEmpty(dlq),
      0,
      'Events the store could not write are in the DLQ: fix the cause, then npm run replay -- dlq',
    );
    alarm(
      'QuarantineNotEmpty',
      notEmpty(quarantine),
      0,
      'Refused requests are in the quarantine: inspect them, then npm run replay -- quarantine',
    );
    alarm(
      'StoreLagging',
      events.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
      STORE_LAG_SECONDS,
      'The oldest event waiting for the store is over 5 minutes old',
    );
    alarm(
      'StoreDeliveryDlqNotEmpty',
      notEmpty(props.fanOut.storeDeliveryDlq),
      0,
      'SNS could not deliver events to the store queue (check its queue policy): redrive them to it',
    );
    alarm(
      'HousekeepingDlqNotEmpty',
      notEmpty(props.housekeepingDlq),
      0,
      'The housekeeping schedules could not run the sweep or the reconciliation (check the schedule role and the function): sessions stay open until a run succeeds',
    );
    if (props.reconcileMinutes !== undefined) {
      alarm(
        'ReconcileSkippingAccounts',
        count('ReconcileSkippedAccounts', Duration.minutes(props.reconcileMinutes)),
        0,
        "Two reconciliations in a row could not read RingCX's agent list of some sub-account (the housekeeping log's warnings say which and why: credentials, permissions, rate limit, RingCX down); its sessions are not reconciled meanwhile",
        2,
      );
    }
    alarm(
      'QuarantineDeliveryDlqNotEmpty',
      notEmpty(props.fanOut.quarantineDeliveryDlq),
      0,
      'SNS could not deliver refused requests to the quarantine queue (check its queue policy): redrive them to it',
    );
    for (const { subscriber, id, queue, dlq, deliveryDlq } of props.fanOut.subscribers) {
      alarm(
        `Subscriber${id}Lagging`,
        queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' }),
        subscriberQueues.lagAlarmSeconds,
        `The oldest event waiting for subscriber "${subscriber.name}" is over ${subscriberQueues.lagAlarmSeconds / 60} minutes old (its queue keeps ${subscriberQueues.retentionDays} days)`,
      );
      alarm(
        `Subscriber${id}DlqNotEmpty`,
        notEmpty(dlq),
        0,
        `Subscriber "${subscriber.name}" received events ${subscriberQueues.maxReceiveCount} times without deleting them`,
      );
      alarm(
        `Subscriber${id}DeliveryDlqNotEmpty`,
        notEmpty(deliveryDlq),
        0,
        `SNS could not deliver events to subscriber "${subscriber.name}"'s queue`,
      );
    }
    alarm(
      'UnauthorizedRequests',
      count('Rejected.unauthorized'),
      props.unauthorizedAlarmThreshold,
      `More than ${props.unauthorizedAlarmThreshold} requests refused for their credential in 5 minutes: a sender with a wrong or old token (its events are lost), or a flood; the ingest log lines of the 401s carry a hash of each client's address to tell them apart`,
    );
    alarm(
      'Ingest5xxRate',
      new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: {
          errors: props.api.metricServerError({ period: FIVE_MINUTES }),
          requests: props.api.metricCount({ period: FIVE_MINUTES }),
        },
        period: FIVE_MINUTES,
        label: 'ingest 5xx %',
      }),
      1,
      'More than 1% of webhook requests answered 5xx (the sender was told to try again)',
    );
    for (const [key, fn] of Object.entries(props.functions)) {
      const name = pascalCase(key);
      alarm(
        `${name}Errors`,
        fn.metricErrors({ period: FIVE_MINUTES }),
        0,
        `${name} function errors`,
      );
      alarm(
        `${name}Throttles`,
        fn.metricThrottles({ period: FIVE_MINUTES }),
        0,
        `${name} function throttles`,
      );
    }

    new Dashboard(this, 'Dashboard', {
      widgets: [
        [
          new GraphWidget({
            title: 'Events accepted, refused, stored (unchanged: repeats and stale)',
            left: [
              count('Accepted'),
              count('Rejected'),
              count('Stored'),
              count('Unchanged'),
              count('Failed'),
            ],
          }),
          new GraphWidget({
            title: 'Waiting',
            left: [
              events.metricApproximateNumberOfMessagesVisible({ label: 'events queue' }),
              quarantine.metricApproximateNumberOfMessagesVisible({ label: 'quarantine' }),
              dlq.metricApproximateNumberOfMessagesVisible({ label: 'DLQ' }),
            ],
          }),
        ],
        [
          new GraphWidget({
            title: 'Latency (ms)',
            left: [
              props.api.metricLatency({ statistic: 'p50', label: 'API p50' }),
              props.api.metricLatency({ statistic: 'p99', label: 'API p99' }),
              ...Object.entries(props.functions).map(([name, fn]) =>
                fn.metricDuration({ statistic: 'p99', label: `${name} p99` }),
              ),
            ],
          }),
          new GraphWidget({
            title: 'Store and subscriber lag (s)',
            left: [
              events.metricApproximateAgeOfOldestMessage({ statistic: 'Maximum', label: 'store' }),
              ...props.fanOut.subscribers.map(({ subscriber, queue }) =>
                queue.metricApproximateAgeOfOldestMessage({
                  statistic: 'Maximum',
                  label: subscriber.name,
                }),
              ),
            ],
          }),
        ],
      ],
    });
  }

  /**
   * The topic alarms notify: encrypted with a key of its own, because CloudWatch cannot publish
   * to a topic under the AWS managed key (its policy cannot be changed to let CloudWatch use
   * it). The key's and the topic's policies let CloudWatch in for this account's alarms only;
   * enforceSSL leaves the topic a policy with only a Deny, so the Allow must be written.
   */
  private alarmTopic(removalPolicy: RemovalPolicy): Topic {
    const stack = Stack.of(this);
    const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
    const thisAccountsAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const key = new Key(this, 'AlarmTopicKey', {
      description: 'Encrypts the alarm topic; CloudWatch alarms of this account may use it',
      enableKeyRotation: true,
      removalPolicy,
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsUseTheKey',
        principals: [cloudWatch],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: thisAccountsAlarms,
      }),
    );
    const topic = new Topic(this, 'AlarmTopic', { masterKey: key, enforceSSL: true });
    topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: thisAccountsAlarms,
      }),
    );
    return topic;
  }
}
