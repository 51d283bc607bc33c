/**
 * The local stack fed the sample day over HTTP at a sustained rate: request-to-stored latency,
 * the rate reached, events lost, DynamoDB write units (ReturnConsumedCapacity, which DynamoDB
 * Local reports) and the counted requests the cost model needs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConsumedCapacity } from '@aws-sdk/client-dynamodb';
import type { SQSEvent } from 'aws-lambda';
import { sendPaced } from '../bin/cli/sender';
import {
  type Handlers,
  loadBundledHandlers,
  localCredential,
  startLocalStack,
} from '../bin/local/stack';
import { itemBehindFailedCondition } from '../lambdas/platform/dynamodb/conditional';
import { type MessageAttribute, publishedBytes } from '../lambdas/platform/event-message';
import { FUNCTION_MEMORY_MB } from '../lib/bundling';
import { sampleDay } from '../samples/sample-day';
import { itemSizeBytes } from '../test/support/item-size';
import { type CostBreakdown, type CountedUsage, costPerMillionEvents } from './cost';
import { percentile } from './percentile';

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
  /** From the counted requests (the per-message list stays in the child: it is large). */
  cost: CostBreakdown;
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
  const add = (source: string, units = 0) => {
    writeUnitsBySource.set(source, (writeUnitsBySource.get(source) ?? 0) + units);
  };
  const tally = (consumed: ConsumedCapacity | undefined) => {
    const table = consumed?.TableName ?? 'unknown';
    add(table, consumed?.Table?.CapacityUnits);
    for (const [index, { CapacityUnits }] of Object.entries(
      consumed?.GlobalSecondaryIndexes ?? {},
    )) {
      add(`${table}/${index}`, CapacityUnits);
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
    // Only writes are billed in write units; reads (GetItem, Query) report read units.
    const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand']);
    dynamodb.middlewareStack.add(
      (next, context) => async (args) => {
        const isWrite = WRITES.has(context.commandName ?? '');
        if (isWrite) {
          (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'INDEXES';
        }
        try {
          const result = await next(args);
          if (isWrite) {
            tally((result.output as { ConsumedCapacity?: ConsumedCapacity }).ConsumedCapacity);
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

  const stack = await startLocalStack({
    port: 0,
    credential: localCredential(),
    dataDir: mkdtempSync(join(tmpdir(), 'bench-e2e-')),
    loadHandlers,
    // As deployed by default (lib/config.ts): up to five store invocations at once.
    storeConcurrency: 5,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' },
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
    const stats = stack.poller.stats;
    const batches = stats.invocations;
    const averageEnvelope =
      envelopeBytes.reduce((sum, bytes) => sum + bytes, 0) / envelopeBytes.length;
    const writeUnits = [...writeUnitsBySource.values()].reduce((sum, units) => sum + units, 0);
    const usage: CountedUsage = {
      events: events.length,
      httpRequests: events.length,
      ingest: {
        invocations: events.length,
        averageDurationMs: ingestMs.reduce((sum, ms) => sum + ms, 0) / ingestMs.length,
        memoryMb: FUNCTION_MEMORY_MB,
      },
      store: {
        invocations: batches,
        averageDurationMs: stats.durationsMs.reduce((sum, ms) => sum + ms, 0) / batches,
        memoryMb: FUNCTION_MEMORY_MB,
      },
      // Ingest publishes each event (one request each) as a PublishBatch of one.
      snsPublishes: publishBytes.map((payloadBytes) => ({ payloadBytes })),
      // The topic's deliveries to the queue cost nothing; the store's event source receives each
      // batch and deletes it with one DeleteMessageBatch.
      sqsRequests: [
        ...Array.from({ length: batches }, () => ({
          payloadBytes: averageEnvelope * (stats.received / batches),
        })),
        ...Array.from({ length: batches }, () => ({ payloadBytes: 1_000 })),
      ],
      writeUnits,
    };
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
      writeUnitsPerEventBySource: Object.fromEntries(
        [...writeUnitsBySource].map(([source, units]) => [
          source,
          Number((units / events.length).toFixed(3)),
        ]),
      ),
      cost: costPerMillionEvents(usage),
    };
  } finally {
    await stack.stop();
  }
}

/**
 * One measurement per process: the handlers keep their clients (and the write-unit counter)
 * for the life of the process, as in Lambda, so every repeat runs in a fresh `tsx` process.
 */
export async function measureEndToEndInChild(
  events: number,
  ratePerSecond: number,
): Promise<E2eFigures> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(
    tsx,
    [__filename, String(events), String(ratePerSecond)],
    {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as E2eFigures;
}

if (require.main === module) {
  const [count = '0', rate = '100'] = process.argv.slice(2);
  const day = sampleDay();
  measureEndToEnd(day.slice(0, Number(count) || day.length), Number(rate)).then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
