import fc from 'fast-check';
import { toQueryString } from '../../../bin/cli/sender';
import { interpretRequest } from '../../support/contract';
import { anyEvent } from '../../support/event-arbitraries';

function sameMeaning(body: Parameters<typeof interpretRequest>[0]) {
  const { results } = interpretRequest(body);
  const result = results[0];
  if (results.length !== 1 || !result?.ok) {
    throw new Error(`refused: ${JSON.stringify(result ?? results)}`);
  }
  const { kind, occurredAt, data, eventId, sequence } = result.event;
  return { kind, occurredAt, data, eventId, sequence };
}

function shuffled<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe('the same event in any encoding', () => {
  it('yields the same kind, occurredAt, data and eventId as JSON, query string and form', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const fromJson = sameMeaning({ body: JSON.stringify(event), contentType: 'text/json' });
        const fromQuery = sameMeaning({ rawQueryString: toQueryString(event) });
        const fromForm = sameMeaning({
          body: toQueryString(event),
          contentType: 'application/x-www-form-urlencoded',
        });
        expect(fromQuery).toEqual(fromJson);
        expect(fromForm).toEqual(fromJson);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps its id when the fields are reordered or re-sent', () => {
    fc.assert(
      fc.property(anyEvent, fc.nat(), (event, seed) => {
        const reordered = Object.fromEntries(shuffled(Object.entries(event), seed));
        const first = sameMeaning({ body: JSON.stringify(event) });
        expect(sameMeaning({ body: JSON.stringify(reordered) }).eventId).toBe(first.eventId);
        expect(sameMeaning({ body: JSON.stringify(event) }).eventId).toBe(first.eventId);
      }),
      { numRuns: 300 },
    );
  });

  it('gets a different id when any field value changes', () => {
    fc.assert(
      fc.property(anyEvent, (event) => {
        const changed = { ...event, account_id: `${event.account_id}9` };
        expect(sameMeaning({ body: JSON.stringify(changed) }).eventId).not.toBe(
          sameMeaning({ body: JSON.stringify(event) }).eventId,
        );
      }),
      { numRuns: 100 },
    );
  });

  it('answers each event of a JSON array on its own, naming its position', () => {
    fc.assert(
      fc.property(fc.array(anyEvent, { minLength: 1, maxLength: 5 }), (events) => {
        const broken = [...events, { event_type: 'ONE-TO-ONE', call_id: '1', call_state: 'X' }];
        const { decoded, results } = interpretRequest({ body: JSON.stringify(broken) });
        expect(decoded.ok && decoded.batch).toBe(true);
        expect(results.slice(0, -1).every((result) => result.ok)).toBe(true);
        const last = results.at(-1);
        expect(last?.ok).toBe(false);
        if (last && !last.ok) expect(last.issues[0]?.path).toBe(`[${events.length}].event_type`);
      }),
      { numRuns: 100 },
    );
  });
});

describe('decoding and interpreting arbitrary input', () => {
  const never = (request: Parameters<typeof interpretRequest>[0]) => {
    const { decoded, results } = interpretRequest(request);
    if (!decoded.ok) {
      expect(decoded.issues.length).toBeGreaterThan(0);
      return;
    }
    for (const result of results) {
      if (!result.ok) expect(result.issues.length).toBeGreaterThan(0);
    }
  };

  it('never throws on arbitrary bytes, base64 or not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.boolean(), (bytes, asBase64) => {
        const body = asBase64
          ? Buffer.from(bytes).toString('base64')
          : Buffer.from(bytes).toString('latin1');
        never({ body, isBase64Encoded: asBase64 });
        never({ rawQueryString: Buffer.from(bytes).toString('latin1') });
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on arbitrary JSON, including prototype keys and wrong types', () => {
    const hostileKey = fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'event_type',
      'prev_state',
    );
    const hostile = fc.dictionary(fc.oneof(hostileKey, fc.string()), fc.jsonValue(), {
      maxKeys: 8,
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), hostile, fc.array(hostile)), (value) => {
        never({ body: JSON.stringify(value) ?? 'null' });
      }),
      { numRuns: 1000 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws when valid events get wrong-typed or oversized fields', () => {
    const badValue = fc.oneof(
      fc.jsonValue(),
      fc.string({ minLength: 3000, maxLength: 3000 }),
      fc.constant({ nested: { deep: [1, 2, 3] } }),
    );
    fc.assert(
      fc.property(anyEvent, fc.string({ maxLength: 20 }), badValue, (event, key, value) => {
        const fields = Object.keys(event);
        const target = fields[key.length % fields.length] ?? key;
        never({ body: JSON.stringify({ ...event, [target]: value }) });
      }),
      { numRuns: 500 },
    );
  });
});
