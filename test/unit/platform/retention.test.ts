import { expiresAtFor } from '../../../lambdas/platform/dynamodb/retention';

const DAY_S = 86_400;
const epochSeconds = (iso: string) => Date.parse(iso) / 1000;

describe('expiresAtFor: the TTL of an item', () => {
  it('counts from the write when the event is older: a backfill is kept the whole retention', () => {
    const writtenAt = new Date('2026-03-01T12:00:00.000Z');
    expect(expiresAtFor('2020-06-30T19:44:30.000Z', writtenAt, 400)).toBe(
      epochSeconds('2026-03-01T12:00:00.000Z') + 400 * DAY_S,
    );
  });

  it('counts from the event when it is later than the write (a sender clock ahead)', () => {
    const writtenAt = new Date('2026-03-01T12:00:00.000Z');
    expect(expiresAtFor('2026-03-02T08:00:00.000Z', writtenAt, 30)).toBe(
      epochSeconds('2026-03-02T08:00:00.000Z') + 30 * DAY_S,
    );
  });

  it('is whole epoch seconds', () => {
    expect(expiresAtFor('2020-01-01T00:00:00.000Z', new Date('2026-01-01T00:00:00.999Z'), 1)).toBe(
      epochSeconds('2026-01-01T00:00:00.000Z') + DAY_S,
    );
  });
});
