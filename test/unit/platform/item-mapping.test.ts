import fc from 'fast-check';
import type { Item } from '../../../lambdas/items/item';
import { fromAttributeMap, toAttributeMap } from '../../../lambdas/platform/dynamodb/item-mapping';

const item: fc.Arbitrary<Item> = fc.letrec<{ item: Item }>((tie) => ({
  item: fc.dictionary(
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.oneof(
      { depthSize: 'small' },
      fc.string(),
      // The numbers the store writes (seconds, epoch seconds) are safe integers or short decimals.
      fc.maxSafeInteger(),
      // Within the safe range: ±2^53 itself reads back as a NumberValue (it fails one run in a few).
      fc
        .double({ min: -(2 ** 53 - 1), max: 2 ** 53 - 1, noNaN: true })
        .filter((n) => !Object.is(n, -0)),
      fc.boolean(),
      fc.array(fc.string(), { maxLength: 3 }),
      tie('item'),
    ),
    { maxKeys: 4 },
  ),
})).item;

describe('the item mapping', () => {
  it('reads back exactly what was written', () => {
    fc.assert(
      fc.property(item, (value) => expect(fromAttributeMap(toAttributeMap(value))).toEqual(value)),
    );
  });

  it('uses the DynamoDB types the read contract documents, and leaves undefined out', () => {
    const item = { a: 'x', n: 3, b: true, l: ['1'], m: { s: 'y' }, gone: undefined };
    expect(toAttributeMap(item as unknown as Item)).toEqual({
      a: { S: 'x' },
      n: { N: '3' },
      b: { BOOL: true },
      l: { L: [{ S: '1' }] },
      m: { M: { s: { S: 'y' } } },
    });
  });
});
