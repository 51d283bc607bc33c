import { synth } from '../support/synth';

const { template, app } = synth({ stage: 'dev', staleAfterHours: 8 }, true);

function logicalId(type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

const sweepFunction = logicalId('AWS::Lambda::Function', 'ForwarderHousekeepingSweep');
const statementsOf = (role: string) =>
  Object.values(
    template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }),
  ).flatMap((policy) => policy.Properties.PolicyDocument.Statement);

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
    const sessions = logicalId('AWS::DynamoDB::GlobalTable', 'ForwarderStorageSessions');
    const topic = logicalId('AWS::SNS::Topic', 'ForwarderFanOutEvents');
    expect(statementsOf(logicalId('AWS::IAM::Role', 'ForwarderHousekeepingSweep'))).toEqual([
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
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topic } },
    ]);
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
