import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { credentialsOfSecret } from '../../lambdas/platform/credentials';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local/emulators';
import { UsageError } from './command';
import { readLocalEndpoints } from './endpoints';

/**
 * The region a resource names: an ARN (`arn:aws:sqs:eu-west-1:...`) or an SQS queue URL
 * (`https://sqs.eu-west-1.amazonaws.com/...`); undefined for anything else (a local queue).
 */
export function regionOf(resource: string): string | undefined {
  if (resource.startsWith('arn:')) return resource.split(':')[3] || undefined;
  try {
    return /^sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/.exec(new URL(resource).hostname)?.[1];
  } catch {
    return undefined;
  }
}

/**
 * The region for AWS clients: the one `resource` names, else the usual AWS settings
 * (AWS_REGION, the profile's region), else a clear refusal.
 */
export async function awsRegion(resource?: string): Promise<string> {
  const named = resource === undefined ? undefined : regionOf(resource);
  if (named !== undefined) return named;
  const probe = new SQSClient({});
  try {
    return await probe.config.region();
  } catch {
    throw new UsageError(
      'No AWS region: set AWS_REGION (or AWS_DEFAULT_REGION), or a region in your AWS profile (aws configure), to reach a deployed stack',
    );
  } finally {
    probe.destroy();
  }
}

/**
 * AWS SDK settings for the tools, not the functions' (whose 2 s request timeout keeps a Lambda
 * under API Gateway's 30 s): a tool on a busy machine or a slow link waits longer and retries
 * more before it gives up, and its requests outlast a long poll. The SQS endpoint comes from
 * the region or AWS_ENDPOINT_URL_SQS, never from a queue URL's host (the emulators' do not
 * resolve).
 */
export const toolClientOptions = {
  maxAttempts: 5,
  retryMode: 'standard',
  requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000, throwOnRequestTimeout: true },
} as const;
export const toolSqsOptions = { ...toolClientOptions, useQueueUrlAsEndpoint: false } as const;

/** Clients for the local stack's emulators: their endpoints, the local region and keys. */
export const localClientSettings = (endpoint: string) => ({
  region: LOCAL_REGION,
  credentials: LOCAL_CREDENTIALS,
  endpoint,
});

/** An SQS client for `queueUrl`: the local emulator's at `localEndpoint`, else AWS's. */
export async function sqsFor(queueUrl: string, localEndpoint?: string): Promise<SQSClient> {
  if (localEndpoint !== undefined) {
    return new SQSClient({ ...toolSqsOptions, ...localClientSettings(localEndpoint) });
  }
  return new SQSClient({ ...toolSqsOptions, region: await awsRegion(queueUrl) });
}

/**
 * Where refused requests (`quarantine`) or unstorable events (`dlq`) wait, with a client for it:
 * the queue named (a deployed stack's output), else the local stack's.
 */
export async function endStation(which: 'quarantine' | 'dlq', queueUrl?: string) {
  if (queueUrl !== undefined) return { queueUrl, sqs: await sqsFor(queueUrl) };
  const local = readLocalEndpoints();
  const url = which === 'quarantine' ? local.sqs.quarantineQueueUrl : local.sqs.dlqUrl;
  return { queueUrl: url, sqs: await sqsFor(url, local.sqs.endpoint) };
}

/** A DynamoDB client: the local emulator's at `localEndpoint`, else AWS's. */
export async function dynamodbFor(localEndpoint?: string): Promise<DynamoDBClient> {
  if (localEndpoint !== undefined) {
    return new DynamoDBClient({ ...toolClientOptions, ...localClientSettings(localEndpoint) });
  }
  return new DynamoDBClient({ ...toolClientOptions, region: await awsRegion() });
}

/** The webhook token held by the stack's secret (CredentialSecretArn), read with AWS credentials. */
export async function tokenOfSecret(secretArn: string): Promise<string> {
  const secrets = new SecretsManagerClient({
    ...toolClientOptions,
    region: await awsRegion(secretArn),
  });
  try {
    const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn }));
    const token =
      SecretString === undefined ? undefined : credentialsOfSecret(SecretString)[0]?.token;
    if (token === undefined) throw new UsageError(`the secret ${secretArn} holds no token`);
    return token;
  } finally {
    secrets.destroy();
  }
}
