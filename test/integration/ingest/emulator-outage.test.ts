import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { LocalApi } from '../../../bin/local/api-gateway';
import {
  type Emulator,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startSqsEmulator,
} from '../../../bin/local/emulators';
import { provisionFanOut } from '../../../bin/local/fan-out';
import { provisionQueues } from '../../../bin/local/provision';
import { sqsClientOptions } from '../../../bin/local/sqs-client-options';
import { clientOptions } from '../../../lambdas/platform/client-options';
import { startIngestApi, TEST_TOKEN } from '../../support/ingest-api';
import { drainQueue } from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

let emulator: Emulator;
let api: LocalApi;
let sqs: SQSClient;
let sns: SNSClient;
let queues: Awaited<ReturnType<typeof provisionQueues>>;
const ENDPOINT_VARIABLES = ['AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_SNS'] as const;
const shared = ENDPOINT_VARIABLES.map((name) => process.env[name]);

/** The topic and queues, as after a deploy (also on an emulator that came back empty). */
async function provision() {
  queues = await provisionQueues(sqs);
  return provisionFanOut({ sns, sqs }, queues, []);
}

beforeAll(async () => {
  // An SNS/SQS emulator of this suite's own, so stopping it disturbs no other suite.
  emulator = await startSqsEmulator();
  const local = {
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: emulator.endpoint,
  };
  sqs = new SQSClient({ ...sqsClientOptions, ...local });
  sns = new SNSClient({ ...clientOptions, ...local });
  const { eventsTopicArn, quarantineTopicArn } = await provision();
  api = await startIngestApi({
    AWS_ENDPOINT_URL_SQS: emulator.endpoint,
    AWS_ENDPOINT_URL_SNS: emulator.endpoint,
    EVENTS_TOPIC_ARN: eventsTopicArn,
    QUARANTINE_TOPIC_ARN: quarantineTopicArn,
  });
});
afterAll(async () => {
  await api.close();
  await emulator.stop();
  ENDPOINT_VARIABLES.forEach((name, index) => {
    process.env[name] = shared[index];
  });
});

const post = (body: unknown) =>
  fetch(`${api.url}/v1/events`, {
    method: 'POST',
    headers: { 'x-webhook-token': TEST_TOKEN, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('ingest while the SNS/SQS emulator is down', () => {
  it('answers 503 and never 202, for valid and invalid input alike, then recovers', async () => {
    await emulator.stop();
    const valid = await post(vendorEvent('login'));
    expect(valid.status).toBe(503);
    expect(await valid.json()).toEqual({
      error: 'temporarily unavailable: nothing was accepted, send it again',
    });
    // An invalid request cannot be quarantined either, so it is not answered 400 as if kept.
    expect((await post('{broken')).status).toBe(503);

    // The emulator comes back empty on the same port; topic and queues are created again.
    await emulator.start();
    await provision();
    const retried = await post(vendorEvent('login'));
    expect(retried.status).toBe(202);
    expect(await drainQueue(queues.eventsQueueUrl, sqs)).toHaveLength(1);
  });
});
