import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalApi } from '../../../bin/local/api-gateway';
import {
  type Emulator,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startSqsEmulator,
} from '../../../bin/local/emulators';
import { provisionQueues } from '../../../bin/local/provision';
import { sqsClientOptions } from '../../../lambdas/platform/sqs';
import { startIngestApi, TEST_TOKEN } from '../../support/ingest-api';
import { drainQueue } from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

let sqsEmulator: Emulator;
let api: LocalApi;
let client: SQSClient;
let queues: Awaited<ReturnType<typeof provisionQueues>>;
const sharedEndpoint = process.env.AWS_ENDPOINT_URL_SQS;

beforeAll(async () => {
  // An SQS of this suite's own, so stopping it disturbs no other suite.
  sqsEmulator = await startSqsEmulator();
  client = new SQSClient({
    ...sqsClientOptions,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: sqsEmulator.endpoint,
  });
  queues = await provisionQueues(client);
  api = await startIngestApi({
    AWS_ENDPOINT_URL_SQS: sqsEmulator.endpoint,
    EVENTS_QUEUE_URL: queues.eventsQueueUrl,
    QUARANTINE_QUEUE_URL: queues.quarantineQueueUrl,
  });
});
afterAll(async () => {
  await api.close();
  await sqsEmulator.stop();
  process.env.AWS_ENDPOINT_URL_SQS = sharedEndpoint;
});

const post = (body: unknown) =>
  fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'x-webhook-token': TEST_TOKEN, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('ingest while SQS is down', () => {
  it('answers 503 and never 202, for valid and invalid input alike, then recovers', async () => {
    await sqsEmulator.stop();
    const valid = await post(vendorEvent('login'));
    expect(valid.status).toBe(503);
    expect(await valid.json()).toEqual({
      error: 'temporarily unavailable: nothing was accepted, send it again',
    });
    // An invalid request cannot be quarantined either, so it is not answered 400 as if kept.
    expect((await post('{broken')).status).toBe(503);

    // The emulator comes back empty on the same port; the queues are created again.
    await sqsEmulator.start();
    await provisionQueues(client);
    const retried = await post(vendorEvent('login'));
    expect(retried.status).toBe(202);
    expect(await drainQueue(queues.eventsQueueUrl, client)).toHaveLength(1);
  });
});
