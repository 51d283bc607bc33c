import { Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ForwarderConfig } from './config';
import { EngageWfmForwarder } from './engage-wfm-forwarder';

export interface ForwarderStackProps extends StackProps {
  config: ForwarderConfig;
}

/** Each cdk-nag finding this design accepts, with why. */
const ACKNOWLEDGED = [
  {
    id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'AWSLambdaBasicExecutionRole is the minimal managed policy for function logs',
  },
  {
    id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]',
    reason: 'X-Ray PutTraceSegments and PutTelemetryRecords take no resource ARN',
  },
  {
    id: 'AwsSolutions::AwsSolutions-APIG4',
    reason:
      'Engage Voice can only send static headers; the function checks them against the secret',
  },
  {
    id: 'AwsSolutions::AwsSolutions-SMG4',
    reason: 'Rotation needs the new value pasted into Engage Voice: manual, with two active values',
  },
  {
    id: 'AwsSolutions::AwsSolutions-SQS3',
    reason:
      "The quarantine and the DLQs (the store's, each subscriber's, and SNS delivery DLQs) are end stations an operator replays from, not consumed queues",
  },
  {
    id: 'Serverless::Serverless-LambdaDLQ',
    reason: 'Ingest answers synchronously (503 to retry); the store is fed by SQS with its own DLQ',
  },
  {
    id: 'Serverless::Serverless-LambdaEventSourceMappingDestination',
    reason: 'Failed records go to the events queue DLQ through its redrive policy',
  },
  {
    id: 'Serverless::Serverless-APIGWXrayEnabled',
    reason: 'HTTP APIs do not support X-Ray tracing; the functions are traced',
  },
  {
    id: 'Serverless::Serverless-SQSRedrivePolicy',
    reason: 'The quarantine and the DLQs are the last stop by design',
  },
] as const;

/** The default deployment: one forwarder per stage, checked by cdk-nag (see bin/app.ts). */
export class EngageWfmForwarderStack extends Stack {
  readonly forwarder: EngageWfmForwarder;

  constructor(scope: Construct, id: string, props: ForwarderStackProps) {
    super(scope, id, props);
    this.forwarder = new EngageWfmForwarder(this, 'Forwarder', { config: props.config });
    for (const finding of ACKNOWLEDGED) Validations.of(this).acknowledge(finding);
    if (!props.config.tracing) {
      Validations.of(this).acknowledge({
        id: 'Serverless::Serverless-LambdaTracing',
        reason: 'Off unless the deployment turns it on (-c tracing=true): X-Ray bills every trace',
      });
    }
  }
}
