import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toQueryString } from '../../../bin/cli/sender';
import type { LocalApi } from '../../../bin/local/api-gateway';
import { envelopeSchema } from '../../../lambdas/events';
import type { QuarantineRecord } from '../../../lambdas/ingest/quarantine';
import { startIngestApi, TEST_PASSWORD, TEST_TOKEN, TEST_USER } from '../../support/ingest-api';
import {
  drainQueue,
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
} from '../../support/resources';
import { VENDOR_FIXTURES_DIR, vendorEvent, vendorExamples } from '../../support/vendor-fixtures';

let resources: TestResources;
let api: LocalApi;
const logLines: string[] = [];
const writeStdout = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  resources = await provisionForTest('ingest');
  // Capture every log line the handler writes during this suite.
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    logLines.push(String(chunk));
    return writeStdout(chunk, ...(rest as []));
  });
  api = await startIngestApi({
    ...ingestQueueEnv(resources),
    POWERTOOLS_LOG_LEVEL: 'DEBUG',
  });
});
afterAll(async () => {
  await api.close();
  jest.restoreAllMocks();
});

const auth = { 'x-webhook-token': TEST_TOKEN };
const validExamples = vendorExamples().filter((example) => !example.malformed);

type Encoding = 'json' | 'query-get' | 'query-post' | 'form';
function send(
  fields: Record<string, unknown>,
  encoding: Encoding,
  headers: Record<string, string> = auth,
) {
  const query = toQueryString(fields);
  switch (encoding) {
    case 'json':
      return fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(fields),
      });
    case 'query-get':
      return fetch(`${api.url}/v1/agent-events?${query}`, { headers });
    case 'query-post':
      return fetch(`${api.url}/v1/call-events?${query}`, { method: 'POST', headers });
    case 'form':
      return fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: query,
      });
  }
}

describe('the ingest handler on a real SQS emulator', () => {
  const encodings: Encoding[] = ['json', 'query-get', 'query-post', 'form'];
  it.each(encodings)(
    'turns every vendor example sent as %s into exactly one valid message',
    async (encoding) => {
      const ids: string[] = [];
      for (const example of validExamples) {
        const response = await send(JSON.parse(example.body), encoding);
        expect(response.status).toBe(202);
        const body = (await response.json()) as { accepted: { eventId: string }[] };
        expect(body.accepted).toHaveLength(1);
        ids.push(body.accepted[0]?.eventId ?? '');
      }
      const messages = await drainQueue(resources.queues.eventsQueueUrl);
      expect(messages).toHaveLength(validExamples.length);
      const envelopes = messages.map((message) =>
        envelopeSchema.parse(JSON.parse(message.Body ?? '')),
      );
      expect(envelopes.map((envelope) => envelope.eventId).sort()).toEqual([...ids].sort());
      for (const message of messages) {
        const envelope = JSON.parse(message.Body ?? '');
        expect(message.MessageAttributes).toMatchObject({
          kind: { StringValue: envelope.kind },
          accountId: { StringValue: '15300002' },
          schemaVersion: { StringValue: '1' },
          eventType: { StringValue: envelope.raw.event_type },
        });
      }
    },
  );

  it('gives each event the same id in every encoding', async () => {
    const fields = vendorEvent('state-4-engaged');
    const ids = new Set<string>();
    for (const encoding of encodings) {
      const body = (await (await send(fields, encoding)).json()) as {
        accepted: { eventId: string }[];
      };
      ids.add(body.accepted[0]?.eventId ?? '');
    }
    expect(ids.size).toBe(1);
    await drainQueue(resources.queues.eventsQueueUrl);
  });

  it('accepts Basic and Bearer credentials too, and enqueues nothing without one', async () => {
    const basic = `Basic ${Buffer.from(`${TEST_USER}:${TEST_PASSWORD}`).toString('base64')}`;
    expect((await send(vendorEvent('login'), 'json', { authorization: basic })).status).toBe(202);
    expect(
      (await send(vendorEvent('login'), 'json', { authorization: `Bearer ${TEST_TOKEN}` })).status,
    ).toBe(202);
    await drainQueue(resources.queues.eventsQueueUrl);
    const refused: Record<string, string>[] = [
      {},
      { 'x-webhook-token': 'wrong' },
      { authorization: `Bearer ${TEST_TOKEN.slice(1)}` },
    ];
    for (const headers of refused) {
      const response = await send(vendorEvent('login'), 'json', headers);
      expect(response.status).toBe(401);
    }
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
    expect(await drainQueue(resources.queues.quarantineQueueUrl)).toHaveLength(0);
  });

  it('answers 400 for the vendor example with the missing comma and quarantines its raw bytes', async () => {
    const malformed = readFileSync(
      join(VENDOR_FIXTURES_DIR, 'state-3-transition.malformed.txt'),
      'utf8',
    );
    const response = await fetch(`${api.url}/v1/agent-events`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'x-extra': 'kept' },
      body: malformed,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: 'malformed JSON body',
      issues: [{ path: 'body', message: expect.stringContaining('line 5 column 3') }],
    });
    const [kept, ...others] = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(others).toHaveLength(0);
    const record: QuarantineRecord = JSON.parse(kept?.Body ?? '');
    expect(record).toMatchObject({
      status: 400,
      method: 'POST',
      route: '/v1/agent-events',
      body: malformed,
    });
    expect(record.headers['x-extra']).toBe('kept');
    expect(record.headers).not.toHaveProperty('x-webhook-token');
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
  });

  it('answers 413 for a 300 KiB body and quarantines its first 256 KiB, marked truncated', async () => {
    const huge = JSON.stringify({ ...vendorEvent('login'), padding: 'x'.repeat(300 * 1024) });
    const response = await fetch(`${api.url}/v1/events`, {
      method: 'POST',
      headers: auth,
      body: huge,
    });
    expect(response.status).toBe(413);
    const [kept] = await drainQueue(resources.queues.quarantineQueueUrl);
    const record: QuarantineRecord = JSON.parse(kept?.Body ?? '');
    expect(record.truncated).toEqual({
      originalBytes: Buffer.byteLength(huge),
      keptBytes: 256 * 1024,
    });
    const kept256 = Buffer.from(record.body ?? '', 'base64');
    expect(kept256.equals(Buffer.from(huge).subarray(0, 256 * 1024))).toBe(true);
  });

  it('answers 422 for a call-URL event that is not a WFM end-call, and keeps it for replay', async () => {
    const oneToOne = { ...vendorEvent('call-inbound-answered'), event_type: 'ONE-TO-ONE' };
    const response = await send(oneToOne, 'query-post');
    expect(response.status).toBe(422);
    const body = (await response.json()) as { issues: unknown[] };
    expect(body.issues[0]).toMatchObject({ path: 'event_type' });
    expect(Buffer.byteLength(JSON.stringify(body))).toBeLessThanOrEqual(1024);
    const [kept] = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(JSON.parse(kept?.Body ?? '')).toMatchObject({
      status: 422,
      rawQueryString: toQueryString(oneToOne),
    });
  });

  describe('input that can never be stored: refused for good and kept, never 503', () => {
    /** Posts `body` as JSON and hands back the status and the one record it left in the quarantine. */
    const refusedAndKept = async (body: string) => {
      const response = await fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body,
      });
      const answer = (await response.json()) as { error: string; issues: { message: string }[] };
      const kept = await drainQueue(resources.queues.quarantineQueueUrl);
      expect(kept).toHaveLength(1);
      const record: QuarantineRecord = JSON.parse(kept[0]?.Body ?? '');
      const keptBody = record.isBase64Encoded
        ? Buffer.from(record.body ?? '', 'base64').toString()
        : record.body;
      return { status: response.status, answer, record, keptBody };
    };
    const login = vendorEvent('login');

    it('an unknown field nested 3,900 levels deep: 422', async () => {
      const body = `${JSON.stringify(login).slice(0, -1)},"x":${'{"n":'.repeat(3900)}1${'}'.repeat(3900)}}`;
      const { status, answer, record, keptBody } = await refusedAndKept(body);
      expect(status).toBe(422);
      expect(answer.error).toBe('JSON body nested too deep');
      expect(record.status).toBe(422);
      expect(keptBody).toBe(body);
    });

    it('an event of 250 KiB of emoji, about six times that once escaped in its message: 413', async () => {
      const body = JSON.stringify({ ...login, x_note: '\u{1F600}'.repeat(64_000) });
      const { status, answer, keptBody } = await refusedAndKept(body);
      expect(status).toBe(413);
      expect(answer.issues[0]?.message).toMatch(/the topic takes at most 262144$/);
      expect(keptBody).toBe(body);
    });

    it('a 250 KiB body of control bytes, kept whole in one quarantine message: 400', async () => {
      const body = `{"x":"${'\u0001'.repeat(250 * 1024)}"}`;
      const { status, answer, record, keptBody } = await refusedAndKept(body);
      expect(status).toBe(400);
      expect(answer.issues[0]?.message).toMatch(/\(line 1 column 7\)$/);
      expect(record.truncated).toBeUndefined();
      expect(keptBody).toBe(body);
    });

    it('a batch of 10,000 tiny events: 413', async () => {
      const body = JSON.stringify(Array.from({ length: 10_000 }, () => ({ event_type: 'LOGIN' })));
      const { status, answer } = await refusedAndKept(body);
      expect(status).toBe(413);
      expect(answer.error).toBe('batch too large');
    });

    it('events dated year 9999 or year 0001: 422', async () => {
      for (const dateTime of ['9999-12-31 23:59:59', '0001-01-01 00:00:00']) {
        const { status, answer } = await refusedAndKept(
          JSON.stringify({ ...login, date_time: dateTime }),
        );
        expect(status).toBe(422);
        expect(answer.issues[0]).toMatchObject({ path: 'date_time' });
      }
      expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
    });
  });

  it('writes no personal data from the fixtures into any log line', () => {
    const personal = validExamples.flatMap((example) => {
      const fields = JSON.parse(example.body);
      return ['username', 'agent_phone', 'source_ip', 'ani', 'dnis', 'recording_url']
        .map((name) => fields[name])
        .filter((value): value is string => typeof value === 'string' && value.length > 3);
    });
    const logs = logLines.join('');
    expect(logs).toContain('request answered');
    for (const value of new Set(personal)) {
      expect(logs).not.toContain(value);
      expect(logs).not.toContain(JSON.stringify(value).slice(1, -1));
    }
  });
});
