/**
 * The local stack fed the sample day over HTTP at a sustained rate: request-to-stored latency,
 * the rate reached, events lost, DynamoDB write units (ReturnConsumedCapacity, which DynamoDB
 * Local reports) and the message sizes the cost model needs. The sender here is far faster than
 * the real one (a whole day in seconds): the store's batches are fuller than at the sender's
 * pace, which bench/freshness.ts measures and the cost model uses.
 */
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { sendPaced } from '../bin/cli/sender';
import { type Handlers, loadBundledHandlers } from '../bin/local/stack';
import { itemBehindFailedCondition } from '../lambdas/platform/dynamodb/conditional';
import { type MessageAttribute, publishedBytes } from '../lambdas/platform/event-message';
import { sampleDay } from '../samples/sample-day';
import { itemSizeBytes } from '../test/support/item-size';
import { measureInChild, printFigures } from './child';
import { startQuietStack } from './quiet-stack';
import { mean, percentile } from './stats';

export interface E2eFigures {
  events: number;
  eventsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  lost: number;
  inDlq: number;
  ingestP50Ms: number;
  ingestP99Ms: number;
  firstRequestMs: number;
  writeUnitsPerEvent: number;
  /** Where the write units go: per event, by `table` and `table/index`. */
  writeUnitsPerEventBySource: Record<string, number>;
  /** The store's reads (its merges look items up), per event, by `table` and `table/index`. */
  readUnitsPerEventBySource: Record<string, number>;
  /** Mean bytes of one published message (envelope and attributes) and of one queue message. */
  publishBytes: number;
  envelopeBytes: number;
}

export async function measureEndToEnd(
  events: Record<string, unknown>[],
  ratePerSecond: number,
): Promise<E2eFigures> {
  const storedAt = new Map<string, number>();
  const envelopeBytes: number[] = [];
  /** What each stored event's publish carried: the envelope and its attributes. */
  const publishBytes: number[] = [];
  const ingestMs: number[] = [];
  const writeUnitsBySource = new Map<string, number>();
  const readUnitsBySource = new Map<string, number>();
  const add = (source: string, units = 0, bySource = writeUnitsBySource) => {
    bySource.set(source, (bySource.get(source) ?? 0) + units);
  };
  const tally = (consumed: ConsumedCapacity | undefined, bySource: Map<string, number>) => {
    const table = consumed?.TableName ?? 'unknown';
    add(table, consumed?.Table?.CapacityUnits, bySource);
    for (const [index, { CapacityUnits }] of Object.entries(
      consumed?.GlobalSecondaryIndexes ?? {},
    )) {
      add(`${table}/${index}`, CapacityUnits, bySource);
    }
  };
  // A write whose condition fails is billed too (the item's size, at least one unit), but
  // reports no capacity: it is counted from the item the failure returns.
  const tallyFailedCondition = (error: unknown, table: string) => {
    const item = itemBehindFailedCondition(error);
    if (item === undefined) return;
    add(table, Math.max(1, Math.ceil(itemSizeBytes(item) / 1024)));
  };

  // The bundled ingest, and the store from source so its DynamoDB client can count capacity.
  // One store instance from source (its runs are serialized by the poller), so that its
  // DynamoDB client can count capacity; the bench states this in its results.
  const loadHandlers = async (dataDir: string, storeInstances: number): Promise<Handlers> => {
    const bundled = await loadBundledHandlers(dataDir, 0);
    const { dynamodb } = await import('../lambdas/platform/dynamodb/client');
    // Writes are billed in write units; reads (GetItem, Query) in read units.
    const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
    const READS = new Set(['GetItemCommand', 'QueryCommand']);
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const isWrite = WRITES.has(context.commandName ?? '');
        const isRead = READS.has(context.commandName ?? '');
        if (isWrite || isRead) {
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
        }
        try {
          const result = await next(args);
          if (isWrite || isRead) {
            tally(
              (result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity,
              isWrite ? writeUnitsBySource : readUnitsBySource,
            );
          }
          return result;
        } catch (error) {
          if (isWrite) tallyFailedCondition(error, (args.input as { TableName: string }).TableName);
          throw error;
        }
      },
      { step: 'initialize', name: 'countConsumedCapacity' },
    );
    // The store's consumer as its handler builds it, without the handler's middleware (ESM-only
    // middy, which this process's loader cannot require; it only logs and counts).
    const { createStoreConsumer } = await import('../lambdas/store/consumer');
    const { storeConfigFromEnv } = await import('../lambdas/store/config');
    const store = createStoreConsumer(storeConfigFromEnv(dynamodb));
    return {
      read: bundled.read,
      ingest: async (event, context) => {
        const started = performance.now();
        const result = await bundled.ingest(event, context);
        ingestMs.push(performance.now() - started);
        return result;
      },
      store: Array(storeInstances).fill(async (event: SQSEvent) => {
        const response = await store(event);
        const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
        const now = performance.now();
        for (const record of event.Records) {
          if (failed.has(record.messageId)) continue;
          envelopeBytes.push(Buffer.byteLength(record.body));
          const attributes = Object.entries(record.messageAttributes).map(([name, value]) => [
            name,
            { DataType: value.dataType, StringValue: value.stringValue ?? '' } as MessageAttribute,
          ]);
          publishBytes.push(publishedBytes(record.body, Object.fromEntries(attributes)));
          storedAt.set(JSON.parse(record.body).eventId, now);
        }
        return response;
      }),
    };
  };

  const stack = await startQuietStack('bench-e2e-', {
    loadHandlers,
    // As deployed by default (lib/config.ts): up to five store invocations at once.
    storeConcurrency: 5,
  });
  try {
    const requestedAt = new Map<string, number>();
    const roundTrips: number[] = [];
    const accepted = new Set<string>();
    const started = performance.now();
    await sendPaced(
      stack.endpoints,
      events,
      ratePerSecond,
      16,
      ({ status, body, sentAt, answeredAt }) => {
        roundTrips.push(answeredAt - sentAt);
        if (status === 202) {
          for (const { eventId } of (body as { accepted: { eventId: string }[] }).accepted) {
            accepted.add(eventId);
            if (!requestedAt.has(eventId)) requestedAt.set(eventId, sentAt);
          }
        }
        return false;
      },
    );
    const deadline = Date.now() + 120_000;
    while ([...accepted].some((id) => !storedAt.has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const finished = Math.max(...storedAt.values());
    const latencies = [...requestedAt].flatMap(([id, at]) => {
      const stored = storedAt.get(id);
      return stored === undefined ? [] : [stored - at];
    });
    const dlq = await import('../test/support/resources').then(({ drainQueue }) =>
      drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs),
    );
    const dead = new Set(dlq.map((message) => JSON.parse(message.Body ?? '{}').eventId));
    const lost = [...accepted].filter((id) => !storedAt.has(id) && !dead.has(id)).length;
    const writeUnits = [...writeUnitsBySource.values()].reduce((sum, units) => sum + units, 0);
    return {
      events: events.length,
      eventsPerSecond: (storedAt.size / (finished - started)) * 1000,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      lost,
      inDlq: dead.size,
      ingestP50Ms: percentile(roundTrips, 50),
      ingestP99Ms: percentile(roundTrips, 99),
      firstRequestMs: roundTrips[0] ?? 0,
      writeUnitsPerEvent: writeUnits / events.length,
      writeUnitsPerEventBySource: perEvent(writeUnitsBySource, events.length),
      readUnitsPerEventBySource: perEvent(readUnitsBySource, events.length),
      publishBytes: mean(publishBytes),
      envelopeBytes: mean(envelopeBytes),
    };
  } finally {
    await stack.stop();
  }
}

const perEvent = (bySource: Map<string, number>, events: number) =>
  Object.fromEntries(
    [...bySource].map(([source, units]) => [source, Number((units / events).toFixed(4))]),
  );

/** One measurement in a fresh process (see bench/child.ts). */
export const measureEndToEndInChild = (events: number, ratePerSecond: number) =>
  measureInChild<E2eFigures>(__filename, [String(events), String(ratePerSecond)]);

if (require.main === module) {
  const [count = '0', rate = '100'] = process.argv.slice(2);
  const day = sampleDay();
  printFigures(measureEndToEnd(day.slice(0, Number(count) || day.length), Number(rate)));
}
