import { storeDelivery } from '../lambdas/platform/resources';
import { sessionWrittenBy } from '../lambdas/store/store-batch';
import { sampleEnvelopes } from './sample-envelopes';

const epochMs = (localTime: string) => Date.parse(`${localTime.replace(' ', 'T')}Z`);

/**
 * When the sender posts each event of the day, in milliseconds from the first: a state or
 * session event at its `date_time`, an end-call when the call ended (`call_start` plus queue and
 * talk time), and never before the event posted before it (the day is in delivery order).
 */
export function deliveryOffsetsMs(day: readonly Record<string, unknown>[]): number[] {
  const offsets: number[] = [];
  let first: number | undefined;
  let previous = Number.NEGATIVE_INFINITY;
  for (const event of day) {
    const own =
      typeof event.date_time === 'string'
        ? epochMs(event.date_time)
        : epochMs(String(event.call_start)) +
          1000 * (Number(event.queue_duration ?? 0) + Number(event.call_duration ?? 0));
    previous = Math.max(previous, own);
    first ??= previous;
    offsets.push(previous - first);
  }
  return offsets;
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

export interface SenderPaceBatches {
  /** Store invocations: one per batch. */
  batches: number;
  /** Session writes: one per session with events in a batch (store-batch.ts). */
  sessionWrites: number;
}

/**
 * The store's batches if the day arrived at the sender's own pace. At that pace a batch holds
 * what arrives in one batching window, taken here as the events posted in one whole second (at
 * most a batch's size; see `deliveryOffsetsMs`); the store shares one session write among the
 * events of one session in one batch. The e2e run sends the day far faster, so its batches hold more of each session and
 * its figures are lower than a real day's.
 */
export function senderPaceBatches(day: readonly string[]): SenderPaceBatches {
  let batches = 0;
  let sessionWrites = 0;
  const seconds = deliveryOffsetsMs(
    day.map((body) => JSON.parse(body) as Record<string, unknown>),
  ).map((offset) => Math.floor(offset / 1000));
  let second: number | undefined;
  let inBatch = 0;
  let sessionsOfBatch = new Set<string>();
  const close = () => {
    if (inBatch > 0) batches += 1;
    sessionWrites += sessionsOfBatch.size;
  };
  sampleEnvelopes(day).forEach((event, index) => {
    if (seconds[index] !== second || inBatch === storeDelivery.batchSize) {
      close();
      sessionsOfBatch = new Set();
      second = seconds[index];
      inBatch = 0;
    }
    inBatch += 1;
    const session = sessionWrittenBy(event);
    if (session !== undefined) sessionsOfBatch.add(session);
  });
  close();
  return { batches, sessionWrites };
}

/** Session writes per event at the sender's own pace (see `senderPaceBatches`). */
export function sessionWritesPerEventAtSenderPace(day: readonly string[]): number {
  return senderPaceBatches(day).sessionWrites / day.length;
}
