import type { LocalApi } from '../../../bin/local/api-gateway';
import { envelopeSchema } from '../../../lambdas/events';
import { MAX_JSON_DEPTH } from '../../../lambdas/events/json-text';
import { MAX_BATCH_EVENTS } from '../../../lambdas/ingest/limits';
import {
  SUBSCRIPTION_ANSWER_LIMIT_BYTES,
  SUBSCRIPTION_ROUTE,
} from '../../../lambdas/ingest/subscription';
import { startIngestApi, TEST_TOKEN } from '../../support/ingest-api';
import { type RawAnswer, rawRequest } from '../../support/raw-http';
import {
  drainQueue,
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
} from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

let resources: TestResources;
let api: LocalApi;

beforeAll(async () => {
  resources = await provisionForTest('subscription');
  api = await startIngestApi({ ...ingestQueueEnv(resources) });
});
afterAll(() => api.close());

const STATE_EXAMPLES = [
  'state-1-login-to-available',
  'state-2-available-aux',
  'state-3-transition',
  'state-4-engaged',
];

/** A delivery as RingCX makes it: a POST of JSON, with the custom header holding the token. */
function deliver(body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return rawRequest(
    `${api.url}${SUBSCRIPTION_ROUTE}`,
    'POST',
    { 'content-type': 'application/json', 'x-webhook-token': TEST_TOKEN, ...headers },
    typeof body === 'string' ? body : JSON.stringify(body),
  );
}

/**
 * Every answer, as the local API Gateway writes it (its request id is a 36-character UUID, longer
 * than API Gateway's, and Node adds a Keep-Alive header API Gateway does not), within 1,024 bytes.
 */
function expectWithinLimit(answer: RawAnswer) {
  expect(answer.bytes).toBeLessThanOrEqual(SUBSCRIPTION_ANSWER_LIMIT_BYTES);
}

describe('the agent-state subscription route, through the local API Gateway', () => {
  it('answers the validation request with its token and publishes nothing', async () => {
    const token = 'c8a2f2a8-3e1f-4a4e-9d8e-0b2f5c7d1e22';
    const answer = await rawRequest(`${api.url}${SUBSCRIPTION_ROUTE}`, 'POST', {
      'validation-token': token,
    });
    expect(answer.status).toBe(200);
    expect(answer.headers['validation-token']).toBe(token);
    expectWithinLimit(answer);
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
  });

  it('publishes each documented agent-state example once however often it is delivered, answering 200 within the limit', async () => {
    for (const name of STATE_EXAMPLES) {
      for (let attempt = 0; attempt < 2; attempt++) {
        const answer = await deliver(vendorEvent(name));
        expect(answer.status).toBe(200);
        expect(JSON.parse(answer.body)).toEqual({ accepted: 1 });
        expectWithinLimit(answer);
      }
    }
    const published = (await drainQueue(resources.queues.eventsQueueUrl)).map((message) =>
      envelopeSchema.parse(JSON.parse(message.Body ?? '')),
    );
    // Twice each on the queue (at least once); one event id per example for the store to keep.
    expect(published).toHaveLength(STATE_EXAMPLES.length * 2);
    expect(new Set(published.map((event) => event.eventId)).size).toBe(STATE_EXAMPLES.length);
    for (const event of published) {
      expect(event.kind).toBe('agent.state');
      expect(event.transport.route).toBe(SUBSCRIPTION_ROUTE);
    }
  });

  it('refuses with 401, 400, 422 and 413 within the limit, keeping the authenticated refusals', async () => {
    const noisyBatch = Array.from({ length: 40 }, (_, index) => ({
      event_type: 'ONE-TO-ONE',
      [`field_${index}`]: 'x'.repeat(200),
    }));
    const tooDeep = `{"event_type":"AVAILABLE","x":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`;
    const answers = [
      await deliver(vendorEvent('state-3-transition'), { 'x-webhook-token': 'wrong' }),
      await deliver('{"event_type": "AVAILABLE",'),
      await deliver(noisyBatch),
      await deliver(tooDeep),
      await deliver(Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => ({}))),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([401, 400, 422, 422, 413]);
    for (const answer of answers) expectWithinLimit(answer);
    const kept = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(kept).toHaveLength(4);
    for (const message of kept) {
      expect(JSON.parse(message.Body ?? '').route).toBe(SUBSCRIPTION_ROUTE);
    }
  });
});
