import fc from 'fast-check';
import type { LocalApi } from '../../../bin/local/api-gateway';
import { anyEvent } from '../../support/event-arbitraries';
import { startIngestApi, TEST_TOKEN } from '../../support/ingest-api';
import {
  drainQueue,
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
} from '../../support/resources';

let resources: TestResources;
let api: LocalApi;
beforeAll(async () => {
  resources = await provisionForTest('fuzz');
  api = await startIngestApi({
    ...ingestQueueEnv(resources),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
});
afterAll(() => api.close());

const DOCUMENTED = new Set([202, 400, 401, 413, 422]);
const tally = { requests: 0, accepted: 0, rejected: 0, unauthorized: 0 };
/** The event ids each answer accepted, once per request (a request enqueues a repeat once). */
const acceptedIds: string[] = [];

async function post(body: Uint8Array | string, headers: Record<string, string>, query = '') {
  const response = await fetch(`${api.url}/v1/events${query}`, { method: 'POST', headers, body });
  const text = await response.text();
  tally.requests += 1;
  expect(DOCUMENTED.has(response.status)).toBe(true);
  // Every answer is JSON with either an acceptance or an error naming issues.
  const parsed = JSON.parse(text);
  // A batch answered 422 lists the events it accepted too.
  const accepted = (parsed.accepted ?? []) as { eventId: string }[];
  acceptedIds.push(...new Set(accepted.map((event) => event.eventId)));
  if (response.status === 202) tally.accepted += 1;
  else if (response.status === 401) tally.unauthorized += 1;
  else {
    tally.rejected += 1;
    expect(parsed.issues.length).toBeGreaterThan(0);
  }
  return response.status;
}

const auth = { 'x-webhook-token': TEST_TOKEN };
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'event_type',
);
const hostileValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.string({ minLength: 5000, maxLength: 5000 }),
  fc.constant(Number.MAX_SAFE_INTEGER),
);

describe('fuzzing the endpoint', () => {
  it('answers arbitrary bytes, JSON, encodings and hostile fields with a documented status', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .uint8Array({ maxLength: 2000 })
            .map((bytes) => ({ body: bytes as Uint8Array | string, query: '' })),
          fc.jsonValue().map((value) => ({ body: JSON.stringify(value) ?? 'null', query: '' })),
          anyEvent.chain((event) =>
            fc.tuple(fc.oneof(hostileKey, fc.string()), hostileValue).map(([key, value]) => ({
              body: JSON.stringify({ ...event, [key]: value }).replace(
                /}$/,
                ',"event_type":"LOGIN"}',
              ),
              query: '',
            })),
          ),
          fc.string({ unit: 'grapheme', maxLength: 300 }).map((text) => ({
            body: '',
            query: `?${encodeURIComponent('event_type')}=${encodeURIComponent(text)}&prev_state=${encodeURIComponent(text)}`,
          })),
          fc.integer({ min: 1, max: 3000 }).map((depth) => ({
            body: `${'['.repeat(depth)}${']'.repeat(depth)}`,
            query: '',
          })),
        ),
        async ({ body, query }) => {
          await post(body, auth, query);
        },
      ),
      { numRuns: 3000 },
    );
    // Everything refused after authentication is in the quarantine, one record per request.
    const quarantined = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(quarantined).toHaveLength(tally.rejected);
    // Every accepted event is on the events queue, once per request that accepted it.
    const enqueued = await drainQueue(resources.queues.eventsQueueUrl);
    const enqueuedIds = enqueued.map((message) => JSON.parse(message.Body ?? '{}').eventId);
    expect(enqueuedIds.sort()).toEqual([...acceptedIds].sort());
    expect(acceptedIds.length).toBeGreaterThanOrEqual(tally.accepted);
    console.log(`fuzz: ${JSON.stringify({ ...tally, acceptedEvents: acceptedIds.length })}`);
  });

  it('lets no differently spelled, truncated or missing credential in, and keeps nothing', async () => {
    const good = JSON.stringify({ event_type: 'LOGIN' });
    const variants = fc.oneof(
      fc.constant({}),
      fc.string().map((value) => ({ 'x-webhook-token': value })),
      fc
        .nat({ max: TEST_TOKEN.length - 1 })
        .map((length) => ({ 'x-webhook-token': TEST_TOKEN.slice(0, length) })),
      fc.constantFrom('bearer', 'BEARER', 'Bearer  ', 'Token', 'Basic').map((scheme) => ({
        authorization: `${scheme}${TEST_TOKEN.slice(1)}`,
      })),
      fc
        .string()
        .map((value) => ({ authorization: `Basic ${Buffer.from(value).toString('base64')}` })),
    );
    await fc.assert(
      fc.asyncProperty(variants, async (headers) => {
        fc.pre(headers['x-webhook-token' as keyof typeof headers] !== TEST_TOKEN);
        expect(await post(good, headers as Record<string, string>)).toBe(401);
      }),
      { numRuns: 1000 },
    );
    expect(await drainQueue(resources.queues.quarantineQueueUrl)).toHaveLength(0);
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
  });
});
