import { storeDelivery } from '../lambdas/platform/resources';
import { sessionWrittenBy } from '../lambdas/store/store-batch';
import { sampleEnvelopes } from './sample-envelopes';

/**
 * Session writes per event if the day arrived at the sender's own pace. The store shares one
 * session write among the events of one session in one batch (see lambdas/store/store-batch.ts). At the
 * sender's pace a batch holds what arrives in one batching window, taken here as the events of
 * one whole second (at most a batch's size); the e2e run sends the day far faster, so its
 * batches hold more of each session and its figure is lower than a real day's.
 */
export function sessionWritesPerEventAtSenderPace(day: readonly string[]): number {
  let writes = 0;
  let second: string | undefined;
  let inBatch = 0;
  let sessionsOfBatch = new Set<string>();
  for (const event of sampleEnvelopes(day)) {
    if (event.occurredAt !== second || inBatch === storeDelivery.batchSize) {
      writes += sessionsOfBatch.size;
      sessionsOfBatch = new Set();
      second = event.occurredAt;
      inBatch = 0;
    }
    inBatch += 1;
    const session = sessionWrittenBy(event);
    if (session !== undefined) sessionsOfBatch.add(session);
  }
  return (writes + sessionsOfBatch.size) / day.length;
}
