import type { Template } from 'aws-cdk-lib/assertions';
import { logicalId as logicalIdIn, synth } from '../support/synth';

/** Lookups in one template: a resource's logical id, a role's statements, the sweep's own. */
function partsOf(template: Template) {
  const logicalId = (type: string, prefix: string) => logicalIdIn(template, type, prefix);
  const statementsOf = (role: string) =>
    Object.values(
      template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
    ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  /** What the sweep calls: Query byPresence, BatchGetItem the sessions, Publish to the topic. */
  const sweepStatements = () => {
    const sessions = logicalId('AWS::DynamoDB::GlobalTable', 'ForwarderStorageSessions');
    return [
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [sessions, 'Arn'] }, '/index/byPresence']] },
      },
      {
        Effect: 'Allow',
        Action: 'dynamodb:BatchGetItem',
        Resource: { 'Fn::GetAtt': [sessions, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: { Ref: logicalId('AWS::SNS::Topic', 'ForwarderFanOutEvents') },
      },
    ];
  };
  return { logicalId, statementsOf, sweepStatements };
}

const { template, app } = synth({ stage: 'dev', staleAfterHours: 8 }, true);
const { logicalId, statementsOf, sweepStatements } = partsOf(template);
const sweepFunction = logicalId('AWS::Lambda::Function', 'ForwarderHousekeepingHandler');

describe('the housekeeping function', () => {
  it('runs every 5 minutes from EventBridge Scheduler, retried within the period, then kept in a DLQ', () => {
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(1);
    const { Properties } = schedules[0] as { Properties: Record<string, unknown> };
    expect(Properties).toMatchObject({
      ScheduleExpression: 'rate(5 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [sweepFunction, 'Arn'] },
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'ForwarderHousekeepingDlq'), 'Arn'] },
        },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 300 },
      },
    });
  });

  it('knows the sessions table, the topic and STALE_AFTER_HOURS', () => {
    const fn = template.findResources('AWS::Lambda::Function')[sweepFunction];
    expect(fn?.Properties.Environment.Variables).toMatchObject({
      SESSIONS_TABLE: { Ref: logicalId('AWS::DynamoDB::GlobalTable', 'ForwarderStorageSessions') },
      EVENTS_TOPIC_ARN: { Ref: logicalId('AWS::SNS::Topic', 'ForwarderFanOutEvents') },
      STALE_AFTER_HOURS: '8',
    });
  });

  it('may do exactly what it calls: Query byPresence, BatchGetItem the sessions, Publish to the topic', () => {
    expect(statementsOf(logicalId('AWS::IAM::Role', 'ForwarderHousekeepingHandler'))).toEqual(
      sweepStatements(),
    );
  });

  it('is invoked through a role that may invoke that function alone and fill the DLQ', () => {
    expect(statementsOf(logicalId('AWS::IAM::Role', 'ForwarderHousekeepingScheduleRole'))).toEqual([
      {
        Effect: 'Allow',
        Action: 'lambda:InvokeFunction',
        Resource: { 'Fn::GetAtt': [sweepFunction, 'Arn'] },
      },
      {
        Effect: 'Allow',
        Action: 'sqs:SendMessage',
        Resource: {
          'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'ForwarderHousekeepingDlq'), 'Arn'],
        },
      },
    ]);
  });

  it("alarms when the schedule's DLQ fills, and on the function's errors and throttles", () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    const alarm = (name: string) =>
      Object.entries(alarms).find(([id]) => id.startsWith(`ForwarderMonitoring${name}`))?.[1]
        .Properties;
    expect(alarm('HousekeepingDlqNotEmpty')).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [
        {
          Name: 'QueueName',
          Value: {
            'Fn::GetAtt': [logicalId('AWS::SQS::Queue', 'ForwarderHousekeepingDlq'), 'QueueName'],
          },
        },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    for (const metric of ['Errors', 'Throttles']) {
      expect(alarm(`Housekeeping${metric}`)).toMatchObject({
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: sweepFunction } }],
        Threshold: 0,
      });
    }
  });

  it('passes cdk-nag', () => {
    expect(() => app.synth()).not.toThrow();
  });
});

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:engage-wfm/ringcx-AbC123';

describe('reconciliation with RingCX', () => {
  const configured = synth(
    { stage: 'dev', ringcxCredentialsSecretArn: SECRET_ARN, reconcileMinutes: 10 },
    true,
  );
  const parts = partsOf(configured.template);
  const idOf = parts.logicalId;
  const fn = idOf('AWS::Lambda::Function', 'ForwarderHousekeepingHandler');

  it('is not deployed without the secret: one schedule, no RingCX setting, no extension layer, no alarm', () => {
    expect(Object.keys(template.findResources('AWS::Scheduler::Schedule'))).toHaveLength(1);
    const sweep = template.findResources('AWS::Lambda::Function')[sweepFunction];
    expect(Object.keys(sweep?.Properties.Environment.Variables)).not.toEqual(
      expect.arrayContaining(['RINGCX_CREDENTIALS_SECRET_ARN']),
    );
    expect(sweep?.Properties.Layers).toBeUndefined();
    expect(
      Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
        id.includes('Reconcile'),
      ),
    ).toEqual([]);
  });

  it('runs the same function every reconcileMinutes with the reconcile input, retried within the period, then kept in the DLQ', () => {
    const schedules = Object.values(configured.template.findResources('AWS::Scheduler::Schedule'));
    expect(schedules).toHaveLength(2);
    const reconcile = configured.template.findResources('AWS::Scheduler::Schedule')[
      idOf('AWS::Scheduler::Schedule', 'ForwarderHousekeepingReconcile')
    ];
    expect(reconcile?.Properties).toMatchObject({
      ScheduleExpression: 'rate(10 minutes)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { 'Fn::GetAtt': [fn, 'Arn'] },
        Input: '{"task":"reconcile"}',
        DeadLetterConfig: {
          Arn: { 'Fn::GetAtt': [idOf('AWS::SQS::Queue', 'ForwarderHousekeepingDlq'), 'Arn'] },
        },
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 600 },
      },
    });
  });

  it('gives the function the secret and the period, and the extension that reads the secret', () => {
    const props = configured.template.findResources('AWS::Lambda::Function')[fn]?.Properties;
    expect(props.Environment.Variables).toMatchObject({
      RINGCX_CREDENTIALS_SECRET_ARN: SECRET_ARN,
    });
    // The period is the schedule's: the function does not need it.
    expect(props.Environment.Variables).not.toHaveProperty('RECONCILE_MINUTES');
    expect(props.Layers).toHaveLength(1);
  });

  it('may read that secret alone and mark sessions (UpdateItem), besides what the sweep calls', () => {
    const sessions = parts.logicalId('AWS::DynamoDB::GlobalTable', 'ForwarderStorageSessions');
    expect(parts.statementsOf(idOf('AWS::IAM::Role', 'ForwarderHousekeepingHandler'))).toEqual([
      ...parts.sweepStatements(),
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: SECRET_ARN },
      {
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::GetAtt': [sessions, 'Arn'] },
      },
    ]);
    // The schedule role is unchanged: that function, and the DLQ.
    expect(
      parts.statementsOf(idOf('AWS::IAM::Role', 'ForwarderHousekeepingScheduleRole')),
    ).toHaveLength(2);
  });

  it('alarms when two runs in a row could not read some sub-account', () => {
    const alarm = Object.entries(configured.template.findResources('AWS::CloudWatch::Alarm')).find(
      ([id]) => id.startsWith('ForwarderMonitoringReconcileSkippingAccounts'),
    )?.[1].Properties;
    expect(alarm).toMatchObject({
      MetricName: 'ReconcileSkippedAccounts',
      Period: 600,
      EvaluationPeriods: 2,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  it('passes cdk-nag', () => {
    expect(() => configured.app.synth()).not.toThrow();
  });

  it('refuses a secret ARN that is not complete, and a period under 5 minutes', () => {
    expect(() =>
      synth({
        ringcxCredentialsSecretArn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:x',
      }),
    ).toThrow('context ringcxCredentialsSecretArn must be');
    expect(() => synth({ ringcxCredentialsSecretArn: SECRET_ARN, reconcileMinutes: 1 })).toThrow(
      'context reconcileMinutes must be a whole number from 5 to 1440',
    );
  });
});
