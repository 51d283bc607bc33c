import { clientOptions } from './client-options';

/**
 * The functions' client settings for SQS, which no function sends to (ingest publishes to
 * topics; the store gets its batches from the event source): the local event source and the
 * tests read the queues with them. The endpoint always comes from the region (or
 * `AWS_ENDPOINT_URL_SQS`), never from a queue URL's host: in AWS they are the same, and the
 * emulators hand out queue URLs on hosts (`sqs.<region>.localhost`) that do not resolve.
 */
export const sqsClientOptions = { ...clientOptions, useQueueUrlAsEndpoint: false } as const;
