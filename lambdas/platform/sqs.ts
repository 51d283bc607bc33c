import { SQSClient } from '@aws-sdk/client-sqs';
import { clientOptions } from './client-options';

/**
 * Created once per process and reused by every invocation. The endpoint always comes from the
 * region (or `AWS_ENDPOINT_URL_SQS`), never from a queue URL's host: in AWS they are the same,
 * and the emulators hand out queue URLs on hosts (`sqs.<region>.localhost`) that do not resolve.
 */
export const sqsClientOptions = { ...clientOptions, useQueueUrlAsEndpoint: false } as const;
export const sqs = new SQSClient(sqsClientOptions);
