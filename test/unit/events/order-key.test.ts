import fc from 'fast-check';
import { eventIdOfKey, occurredAtOfKey, orderKey } from '../../../lambdas/events/order-key';

const instant = fc
  .date({
    min: new Date('2000-01-01T00:00:00Z'),
    max: new Date('2099-12-31T23:59:59Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString());
const ordered = fc.record({
  occurredAt: instant,
  sequence: fc.integer({ min: 0, max: 99 }),
  eventId: fc.stringMatching(/^[0-9a-f]{32}$/),
});

describe('orderKey', () => {
  it('is the timeline sort key of the read contract', () => {
    expect(
      orderKey({
        occurredAt: '2020-06-30T19:44:30.000Z',
        sequence: 4,
        eventId: '0123456789abcdef0123456789abcdef',
      }),
    ).toBe('2020-06-30T19:44:30.000Z#04#0123456789abcdef0123456789abcdef');
  });

  it('compares as strings exactly like (occurredAt, sequence, eventId) compare as a tuple', () => {
    fc.assert(
      fc.property(ordered, ordered, (a, b) => {
        const byTuple = compareTuples(
          [a.occurredAt, a.sequence, a.eventId],
          [b.occurredAt, b.sequence, b.eventId],
        );
        const [ka, kb] = [orderKey(a), orderKey(b)];
        const byKey = ka === kb ? 0 : ka < kb ? -1 : 1;
        expect(byKey).toBe(byTuple);
      }),
    );
  });

  it('gives back the time and the event id it was made of', () => {
    fc.assert(
      fc.property(ordered, (event) => {
        const key = orderKey(event);
        expect(occurredAtOfKey(key)).toBe(event.occurredAt);
        expect(eventIdOfKey(key)).toBe(event.eventId);
      }),
    );
  });

  it('refuses a sequence that two digits cannot order', () => {
    const event = { occurredAt: '2020-06-30T19:44:30.000Z', eventId: 'a'.repeat(32) };
    expect(() => orderKey({ ...event, sequence: 100 })).toThrow(/two-digit/);
    expect(() => orderKey({ ...event, sequence: -1 })).toThrow(/two-digit/);
  });
});

function compareTuples(a: readonly (string | number)[], b: readonly (string | number)[]): number {
  for (let index = 0; index < a.length; index++) {
    const [x, y] = [a[index] as string | number, b[index] as string | number];
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}
