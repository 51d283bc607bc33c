import { clientOptions } from '../../lambdas/platform/client-options';

/**
 * The functions' client settings for SQS, for what reads the queues in their place: the local
 * stack's event source and the tests (no function sends to a queue: ingest publishes to topics,
 * the store gets its batches from the event source). The endpoint always comes from the region
 * (or `AWS_ENDPOINT_URL_SQS`), never from a queue URL's host: in AWS they are the same, and the
 * emulators hand out queue URLs on hosts (`sqs.<region>.localhost`) that do not resolve.
 */
export const sqsClientOptions = { ...clientOptions, useQueueUrlAsEndpoint: false } as const;
