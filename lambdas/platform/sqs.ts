import { SQSClient } from '@aws-sdk/client-sqs';
import { clientOptions } from './client-options';

/** Created once per process and reused by every invocation. */
export const sqs = new SQSClient(clientOptions);
