import { SNSClient } from '@aws-sdk/client-sns';
import { clientOptions } from './client-options';

/**
 * Created once per process and reused by every invocation; the endpoint comes from the region
 * (or `AWS_ENDPOINT_URL_SNS`, which the local stack and the tests set to the emulator).
 */
export const sns = new SNSClient(clientOptions);
