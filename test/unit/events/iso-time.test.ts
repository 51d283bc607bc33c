import fc from 'fast-check';
import { isoUtc } from '../../../lambdas/events/iso-time';

describe('isoUtc', () => {
  it('writes what Date#toISOString writes, for any instant Date can hold', () => {
    const edges = fc.constantFrom(
      0,
      -1,
      Date.UTC(1, 0, 1),
      Date.UTC(1, 0, 1) - 1,
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 999) + 1,
      Date.UTC(2024, 1, 29, 12),
      Date.UTC(2100, 1, 28, 23, 59, 59, 999),
      8.64e15,
      -8.64e15,
    );
    fc.assert(
      fc.property(fc.oneof(edges, fc.integer({ min: -8.64e15, max: 8.64e15 })), (epochMs) => {
        expect(isoUtc(epochMs)).toBe(new Date(epochMs).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it('throws as toISOString does for times Date cannot hold', () => {
    expect(() => isoUtc(Number.NaN)).toThrow(RangeError);
    expect(() => isoUtc(8.64e15 + 1)).toThrow(RangeError);
  });

  it('truncates fractions of a millisecond as Date does', () => {
    expect(isoUtc(1.7)).toBe(new Date(1.7).toISOString());
    expect(isoUtc(-1.7)).toBe(new Date(-1.7).toISOString());
  });
});
