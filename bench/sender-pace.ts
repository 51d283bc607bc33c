import { sessionWrittenBy } from '../lambdas/store/store-batch';
import { sampleEnvelopes } from './sample-envelopes';

const epochMs = (localTime: string) => Date.parse(`${localTime.replace(' ', 'T')}Z`);

/**
 * When the sender posts each event of the day, in epoch milliseconds of its local clock: a state
 * or session event at its `date_time`, an end-call when the call ended (`call_start` plus queue
 * and talk time), and never before the event posted before it (the day is in delivery order).
 */
export function deliveryTimesMs(day: readonly Record<string, unknown>[]): number[] {
  const times: number[] = [];
  let previous = Number.NEGATIVE_INFINITY;
  for (const event of day) {
    const own =
      typeof event.date_time === 'string'
        ? epochMs(event.date_time)
        : epochMs(String(event.call_start)) +
          1000 * (Number(event.queue_duration ?? 0) + Number(event.call_duration ?? 0));
    previous = Math.max(previous, own);
    times.push(previous);
  }
  return times;
}

/** The same schedule in milliseconds from the first event's delivery. */
export function deliveryOffsetsMs(day: readonly Record<string, unknown>[]): number[] {
  const times = deliveryTimesMs(day);
  const first = times[0] ?? 0;
  return times.map((time) => time - first);
}

/**
 * The same schedule with every quiet gap longer than `maxGapMs` shortened to it. With a gap
 * above the batching window, which events share a batch, and so the store's work and the
 * latency of each event, is as at the sender's own pace: only the idle time goes.
 */
export function compressedOffsetsMs(offsets: readonly number[], maxGapMs: number): number[] {
  const compressed: number[] = [];
  offsets.forEach((offset, index) => {
    const gap = index === 0 ? 0 : offset - (offsets[index - 1] ?? 0);
    compressed.push((compressed[index - 1] ?? 0) + Math.min(gap, maxGapMs));
  });
  return compressed;
}

/**
 * Session writes per event at the sender's own pace. The store shares one session write among
 * the events of one session in one batch (store-batch.ts), but at that pace a batch holds one
 * event: events come seconds apart, and the event source's pollers (five, as Lambda starts
 * with) pick up the second event of a same-second pair while the first's batch still gathers
 * (bench/freshness.ts measures the batches). So every event that moves a session writes it.
 */
export function sessionWritesPerEventAtSenderPace(day: readonly string[]): number {
  const writing = sampleEnvelopes(day).filter((event) => sessionWrittenBy(event) !== undefined);
  return writing.length / day.length;
}
