import type { Envelope } from '../../lambdas/events';
import { storeBatch } from '../../lambdas/store/store-batch';
import { InMemoryTables } from './in-memory-tables';

const failed = expect.objectContaining({ status: 'failed' });

/** Each event in its own batch, in this order; none may fail. */
export function storeAll(events: readonly Envelope[], tables?: InMemoryTables) {
  return storeBatches(
    events.map((event) => [event]),
    tables,
  );
}

/** Each batch as the store receives it; none of its events may fail. */
export async function storeBatches(batches: readonly Envelope[][], tables = new InMemoryTables()) {
  for (const batch of batches) expect(await storeBatch(batch, tables)).not.toContainEqual(failed);
  return tables;
}
