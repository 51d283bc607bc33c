import { decodeRequest, interpretRecord } from '../lambdas/events';
import { storeDelivery } from '../lambdas/platform/resources';

const timeZones = { defaultZone: 'UTC', byAccount: {} };

/**
 * Session writes per event if the day arrived at the sender's own pace. The store shares one
 * session write among the events of one session in one batch (SessionWriteBatch). At the
 * sender's pace a batch holds what arrives in one batching window, taken here as the events of
 * one whole second (at most a batch's size); the e2e run sends the day far faster, so its
 * batches hold more of each session and its figure is lower than a real day's.
 */
export function sessionWritesPerEventAtSenderPace(day: readonly string[]): number {
  const batches = new Map<string, Set<string>>();
  let second: string | undefined;
  let batch = 0;
  let inBatch = 0;
  for (const body of day) {
    const decoded = decodeRequest({ body, contentType: 'application/json' });
    if (!decoded.ok) continue;
    const result = interpretRecord(decoded.records[0], {
      receivedAt: new Date(),
      timeZones,
      transport: { encoding: 'json' },
    });
    if (!result.ok) continue;
    const { event } = result;
    if (event.occurredAt !== second || inBatch === storeDelivery.batchSize) {
      second = event.occurredAt;
      batch += 1;
      inBatch = 0;
    }
    inBatch += 1;
    if (event.kind === 'call.ended') continue;
    const sessions = batches.get(String(batch)) ?? new Set<string>();
    sessions.add(event.agentLoginId);
    batches.set(String(batch), sessions);
  }
  let writes = 0;
  for (const sessions of batches.values()) writes += sessions.size;
  return writes / day.length;
}
