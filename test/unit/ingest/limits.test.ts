import { MAX_JSON_DEPTH } from '../../../lambdas/events/json-text';
import { ingest } from '../../../lambdas/ingest/ingest';
import { MAX_BATCH_EVENTS, MAX_BODY_KIB_LIMIT } from '../../../lambdas/ingest/limits';
import {
  type QuarantineRecord,
  quarantineMessage,
  quarantineMessageBytes,
  quarantineRecord,
} from '../../../lambdas/ingest/quarantine';
import {
  MAX_MESSAGE_BYTES,
  messageAttributes,
  publishedBytes,
} from '../../../lambdas/platform/event-message';
import { MAX_QUEUE_MESSAGE_BYTES } from '../../../lambdas/platform/resources';
import { envelopeOf } from '../../support/contract';
import { bodyOf, fakes, request } from '../../support/ingest-fakes';
import { vendorEvent } from '../../support/vendor-fixtures';

const login = vendorEvent('login');
const engaged = vendorEvent('state-4-engaged');
const KIB = 1024;

/** Every record ingest quarantined fits one quarantine message, as SQS measures it. */
function expectEachFits(records: readonly QuarantineRecord[]) {
  for (const record of records) {
    expect(quarantineMessageBytes(record)).toBeLessThanOrEqual(MAX_QUEUE_MESSAGE_BYTES);
  }
}

/** `depth` levels of objects around a value: {"n":{"n":...1...}}. */
const nested = (depth: number) => `${'{"n":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('deep nesting', () => {
  it('refuses an unknown field nested thousands of levels deep with 422, and keeps it', async () => {
    const { deps, quarantined, published } = fakes({ maxBodyBytes: 64 * KIB });
    // About 7.8 KB: it parses, but hashing or serializing it would overflow the stack.
    const body = `${JSON.stringify(login).slice(0, -1)},"x_extra":${nested(3900)}}`;
    const outcome = await ingest(request(body), deps);
    expect(outcome.response.statusCode).toBe(422);
    expect(outcome.rejection).toBe('too-deep');
    expect(bodyOf(outcome)).toEqual({
      error: 'JSON body nested too deep',
      issues: [
        {
          path: 'body',
          message: expect.stringMatching(
            new RegExp(
              `^nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects at position \\d+ \\(line 1 column \\d+\\)$`,
            ),
          ),
        },
      ],
    });
    expect(quarantined).toMatchObject([{ status: 422, body }]);
    expect(published).toHaveLength(0);
  });

  it(`takes ${MAX_JSON_DEPTH} levels (a batch's array included), and refuses one more`, async () => {
    const { deps, published } = fakes({ maxBodyBytes: 64 * KIB });
    const withExtra = (depth: number) =>
      `${JSON.stringify(login).slice(0, -1)},"x":${nested(depth)}}`;
    const deepest = await ingest(request(withExtra(MAX_JSON_DEPTH - 1)), deps);
    expect(deepest.response.statusCode).toBe(202);
    expect(published).toHaveLength(1);
    const inBatch = await ingest(request(`[${withExtra(MAX_JSON_DEPTH - 1)}]`), deps);
    expect(inBatch.response.statusCode).toBe(422);
    expect(inBatch.rejection).toBe('too-deep');
  });
});

describe('events too large for the topic', () => {
  const emoji = '\u{1F600}';

  it('refuses an emoji-heavy event (12 bytes a character once escaped) and keeps it', async () => {
    const { deps, quarantined, published } = fakes({ maxBodyBytes: MAX_BODY_KIB_LIMIT * KIB });
    // 250 KiB of emoji as UTF-8: in raw and in data.extra, escaped, about 1.5 MB as a message.
    const heavy = { ...login, x_note: emoji.repeat((250 * KIB) / 4) };
    const outcome = await ingest(request(heavy), deps);
    expect(outcome.response.statusCode).toBe(413);
    expect(bodyOf(outcome).issues[0].message).toMatch(/the topic takes at most 262144$/);
    expect(published).toHaveLength(0);
    expect(quarantined).toHaveLength(1);
    expectEachFits(quarantined);
    // Kept whole (escaped, each emoji takes 12 bytes of the record: it still fits).
    const [record] = quarantined;
    expect(record?.truncated).toBeUndefined();
    const kept = record?.isBase64Encoded ? Buffer.from(record.body ?? '', 'base64') : record?.body;
    expect(String(kept) === JSON.stringify(heavy)).toBe(true);
  });

  it('measures an event as published, escapes included, whatever its characters', async () => {
    const { deps, messages } = fakes({ maxBodyBytes: MAX_BODY_KIB_LIMIT * KIB });
    // Each just under the limit once escaped: control characters take six bytes, U+FFFE six.
    for (const character of ['\u0001', '\uFFFE', emoji, '"']) {
      const fits = { ...login, x_note: character.repeat(8_000) };
      const outcome = await ingest(request(fits), deps);
      expect(outcome.response.statusCode).toBe(202);
    }
    for (const message of messages) {
      expect(message.bytes).toBe(publishedBytes(message.message, message.attributes));
      expect(message.bytes).toBeLessThanOrEqual(MAX_MESSAGE_BYTES);
    }
  });

  it('publishes a batch whose events fit one by one, in calls that each fit, and refuses the one that does not', async () => {
    const { deps, messages, quarantined } = fakes({ maxBodyBytes: MAX_BODY_KIB_LIMIT * KIB });
    const fits = (index: number) => ({ ...engaged, x_index: index, x_note: 'é'.repeat(30_000) });
    const tooLarge = { ...login, x_note: '\u0002'.repeat(30_000) };
    const outcome = await ingest(request([fits(1), fits(2), tooLarge, fits(3)]), deps);
    expect(outcome.response.statusCode).toBe(422);
    expect(bodyOf(outcome)).toMatchObject({
      accepted: [{ kind: 'agent.state' }, { kind: 'agent.state' }, { kind: 'agent.state' }],
      issues: [{ path: '[2]' }],
    });
    expect(messages).toHaveLength(3);
    expectEachFits(quarantined);
  });
});

describe('quarantine records', () => {
  const received = {
    method: 'POST',
    route: '/v1/events',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    requestId: 'r',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
  };

  it('keep a 250 KiB body of control bytes whole, base64, instead of sixfold escaped', async () => {
    const { deps, quarantined } = fakes({ maxBodyBytes: 256 * KIB });
    const body = '\u0001'.repeat(250 * KIB);
    const outcome = await ingest(request(body, { headers: { 'x-webhook-token': 'x' } }), deps);
    expect(outcome.response.statusCode).toBe(401);
    const kept = await ingest(request(body), deps);
    expect(kept.response.statusCode).toBe(400);
    expect(quarantined).toHaveLength(1);
    expectEachFits(quarantined);
    expect(quarantined[0]).toMatchObject({ isBase64Encoded: true, truncated: undefined });
    expect(Buffer.from(quarantined[0]?.body ?? '', 'base64').toString()).toBe(body);
  });

  it('keep every body up to the largest allowed whole, however it escapes', () => {
    const maxBodyBytes = MAX_BODY_KIB_LIMIT * KIB;
    // The worst case: the largest body and 10 KiB of headers, all control bytes.
    const headers = { 'content-type': 'text/plain', 'x-junk': '\u0001'.repeat(10 * KIB - 40) };
    const record = quarantineRecord(
      { ...received, headers, body: '\u0001'.repeat(maxBodyBytes) },
      400,
      'malformed JSON body',
      [],
      maxBodyBytes,
    );
    expect(record.truncated).toBeUndefined();
    expect(quarantineMessageBytes(record)).toBeLessThanOrEqual(MAX_QUEUE_MESSAGE_BYTES);
  });

  it('cut the body to fit when nothing else would, marked truncated, and measure before sending', () => {
    const original = Buffer.alloc(900 * KIB, 1);
    const record = quarantineRecord(
      { ...received, body: original.toString('utf8') },
      400,
      'malformed JSON body',
      [],
      1024 * KIB,
    );
    expect(record.truncated).toEqual({
      originalBytes: original.length,
      keptBytes: expect.any(Number),
    });
    const keptBytes = record.truncated?.keptBytes ?? 0;
    expect(keptBytes).toBeGreaterThan(700 * KIB);
    expect(Buffer.from(record.body ?? '', 'base64').equals(original.subarray(0, keptBytes))).toBe(
      true,
    );
    const bytes = quarantineMessageBytes(record);
    expect(bytes).toBeLessThanOrEqual(MAX_QUEUE_MESSAGE_BYTES);
    // As close to the limit as whole base64 groups allow.
    expect(bytes).toBeGreaterThan(MAX_QUEUE_MESSAGE_BYTES - 4);
  });

  it('keep a bounded list of issues and count the rest', () => {
    const issues = Array.from({ length: 5000 }, (_, index) => ({
      path: `[${index}].date_time`,
      message: 'is required',
    }));
    const record = quarantineRecord({ ...received, body: '[]' }, 422, 'x', issues, 1024);
    expect(record.issues.length).toBeLessThan(issues.length);
    expect((record.omittedIssues ?? 0) + record.issues.length).toBe(issues.length);
    expect(Buffer.byteLength(JSON.stringify(record.issues))).toBeLessThanOrEqual(16 * KIB);
  });
});

describe('message attribute values', () => {
  /** What SQS and SNS take in a String attribute (the emulator does not check). */
  const SAFE = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]*$/;
  const hostile = ['LUNCH\u0000', 'A\u0007B', 'ON\uFFFEBREAK', 'X\uD800Y', 'Z\uDFFF', '\u{1F600}'];

  it.each(hostile)('are made safe in the published attributes (%j)', (text) => {
    // The account id's own rule refuses control characters and spaces; the rest get through.
    const hasControl = [...text].some((character) => character.charCodeAt(0) < 0x20);
    const accountId = hasControl ? '15300002' : `1530${text}`;
    const event = envelopeOf({ ...engaged, event_type: text, account_id: accountId });
    const attributes = messageAttributes(event);
    for (const attribute of Object.values(attributes)) {
      expect(attribute.StringValue).toMatch(SAFE);
      expect(attribute.StringValue).not.toBe('');
    }
    expect(attributes.eventType.StringValue).toContain('\\u');
  });

  it.each(hostile)('are made safe in the quarantine reason (%j)', (text) => {
    const record = quarantineRecord(
      { ...received(), body: '{}' },
      422,
      `invalid agent.state event: ${text}`,
      [],
      1024,
    );
    const { attributes, body } = quarantineMessage(record);
    expect(attributes.reason.StringValue).toMatch(SAFE);
    expect(body).toMatch(SAFE);
  });

  function received() {
    return {
      method: 'POST',
      route: '/v1/events',
      rawQueryString: '',
      headers: {},
      isBase64Encoded: false,
      requestId: 'r',
      receivedAt: new Date('2026-01-01T00:00:00Z'),
    };
  }
});

describe('batches', () => {
  it(`refuse more than ${MAX_BATCH_EVENTS} events with 413 before reading any, and keep them`, async () => {
    const { deps, quarantined, published } = fakes({ maxBodyBytes: 256 * KIB });
    const body = JSON.stringify(Array.from({ length: 10_000 }, () => ({})));
    const outcome = await ingest(request(body), deps);
    expect(outcome.response.statusCode).toBe(413);
    expect(bodyOf(outcome)).toEqual({
      error: 'batch too large',
      issues: [
        {
          path: 'body',
          message: `the batch holds 10000 events; a request takes at most ${MAX_BATCH_EVENTS}`,
        },
      ],
    });
    expect(outcome.rejectedEvents).toBe(10_000);
    expect(published).toHaveLength(0);
    expect(quarantined).toMatchObject([{ status: 413, body }]);
  });

  it(`answer ${MAX_BATCH_EVENTS} events with a capped issue list, far below Lambda's 6 MB`, async () => {
    const { deps, quarantined } = fakes({ maxBodyBytes: 256 * KIB });
    const broken = Object.fromEntries(Object.keys(engaged).map((key) => [key, { x: 1 }]));
    const events = Array.from({ length: MAX_BATCH_EVENTS }, (_, index) =>
      index % 2 === 0 ? { ...engaged, x_index: index } : { ...broken, prev_state: 'X' },
    );
    const outcome = await ingest(request(events), deps);
    expect(outcome.response.statusCode).toBe(422);
    const body = bodyOf(outcome);
    expect(body.accepted).toHaveLength(MAX_BATCH_EVENTS / 2);
    expect(body.omittedIssues).toBeGreaterThan(0);
    expect(Buffer.byteLength(JSON.stringify(body.issues))).toBeLessThanOrEqual(16 * KIB);
    expect(Buffer.byteLength(outcome.response.body ?? '')).toBeLessThan(64 * KIB);
    expectEachFits(quarantined);
  });
});

describe('event times', () => {
  const receivedAt = new Date('2026-03-02T12:00:00Z');
  const at = async (fields: Record<string, unknown>) => {
    const { deps, quarantined } = fakes();
    const outcome = await ingest(request(fields, { receivedAt }), deps);
    return { status: outcome.response.statusCode, body: bodyOf(outcome), quarantined };
  };

  it.each([
    ['9999-12-31 23:59:59', /is more than 24 hours after the request was received/],
    ['2026-03-03 12:00:01', /is more than 24 hours after the request was received/],
    ['0001-01-01 00:00:00', /is before 2000-01-01$/],
    ['1999-12-31 23:59:59', /is before 2000-01-01$/],
  ])('refuse date_time %s with 422, and keep it', async (dateTime, reason) => {
    const { status, body, quarantined } = await at({ ...login, date_time: dateTime });
    expect(status).toBe(422);
    expect(body.issues).toEqual([{ path: 'date_time', message: expect.stringMatching(reason) }]);
    expect(quarantined).toHaveLength(1);
  });

  it('refuse a call_start outside the range the same way', async () => {
    const call = vendorEvent('call-inbound-answered');
    const { status, body } = await at({ ...call, call_start: '2099-01-01 00:00:00' });
    expect(status).toBe(422);
    expect(body.issues).toEqual([{ path: 'call_start', message: expect.any(String) }]);
  });

  it('take times from 2000 to a day ahead of the receipt', async () => {
    for (const dateTime of ['2000-01-01 00:00:00', '2026-03-03 11:59:59', '2026-03-02 12:00:00']) {
      expect((await at({ ...login, date_time: dateTime })).status).toBe(202);
    }
  });
});
