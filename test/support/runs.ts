import fc from 'fast-check';
import type { Envelope } from '../../lambdas/events';

/**
 * Any arrival order with random repeats: every event at least once, some twice or three times,
 * shuffled. `deliveries` also cuts the stream into batches of 1-10, as SQS would.
 */
export function redeliveries(events: readonly Envelope[]): fc.Arbitrary<Envelope[][]> {
  return fc
    .tuple(
      fc.array(fc.integer({ min: 0, max: Math.max(0, events.length - 1) }), {
        maxLength: Math.ceil(events.length / 3),
      }),
      fc.array(fc.integer({ min: 1, max: 10 }), { minLength: events.length * 3 }),
    )
    .chain(([repeats, sizes]) => {
      const all = [...events, ...repeats.map((index) => events[index] as Envelope)];
      return fc
        .shuffledSubarray(all, { minLength: all.length, maxLength: all.length })
        .map((shuffled) => batches(shuffled, sizes));
    });
}

function batches<T>(items: readonly T[], sizes: readonly number[]): T[][] {
  const result: T[][] = [];
  let start = 0;
  for (const size of sizes) {
    if (start >= items.length) break;
    result.push(items.slice(start, start + size));
    start += size;
  }
  return result;
}
