import { BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../../bin/local/emulators';
import { provisionTables } from '../../bin/local/provision';
import type { Item } from '../../lambdas/items/item';
import { toAttributeMap } from '../../lambdas/platform/dynamodb/item-mapping';
import { storeBatch } from '../../lambdas/store/store-batch';
import { generateDay } from '../../samples/generate';
import { envelopeOf } from './contract';
import { InMemoryTables } from './in-memory-tables';
import type { StoreTableNames } from './store-tables';

/** A generated day in a DynamoDB Local of its own, and how to stop it. */
export interface GeneratedDayTables {
  readonly client: DynamoDBClient;
  readonly names: StoreTableNames;
  readonly day: GeneratedDay;
  stop(): Promise<void>;
}

/**
 * A generated day in its own DynamoDB Local (in memory): writing tens of thousands of items
 * keeps an emulator busy for minutes, which would hold up every other suite on a shared one.
 */
export async function startGeneratedDay(options: {
  agents: number;
  seed?: number;
  date?: string;
}): Promise<GeneratedDayTables> {
  const emulator = await startDynamoDbLocal();
  try {
    const client = new DynamoDBClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: emulator.endpoint,
    });
    const names = await provisionTables(client, 'day-');
    const day = await loadGeneratedDay(client, names, options);
    return { client, names, day, stop: () => emulator.stop() };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}

/** What a generated day put into the tables. */
export interface GeneratedDay {
  readonly date: string;
  readonly events: number;
  readonly items: { readonly sessions: number; readonly states: number; readonly calls: number };
  /** Calls some agent's timeline names (the day's calls but those that reached no agent). */
  readonly callsOnTimelines: number;
}

const BATCH_WRITE_MAX = 25;
const WRITERS = 12;

/**
 * A generated contact-center day (`samples/generate.ts`, read in UTC) in DynamoDB tables, fast:
 * the store's own rules build the items in memory (`storeBatch` over the in-memory tables, ten
 * events a batch in time order, as the event source delivers them), then BatchWriteItem puts
 * them, 25 a request. The items are those the store would write, without TTL (they never expire
 * locally). The tables must be empty.
 */
async function loadGeneratedDay(
  client: DynamoDBClient,
  names: StoreTableNames,
  options: { agents: number; seed?: number; date?: string },
): Promise<GeneratedDay> {
  const date = options.date ?? '2026-03-02';
  const events = generateDay({ agents: options.agents, seed: options.seed ?? 7, date }).map(
    (fields) => envelopeOf(fields),
  );
  const memory = new InMemoryTables();
  for (let start = 0; start < events.length; start += 10) {
    const outcomes = await storeBatch(events.slice(start, start + 10), memory);
    const failed = outcomes.find((outcome) => outcome.status === 'failed');
    if (failed !== undefined) throw new Error(`generated day: an event failed: ${String(failed)}`);
  }
  const { sessions, states, calls } = memory.snapshot();
  await putAll(client, [
    ...sessions.map((item) => [names.sessions, item] as const),
    ...states.map((item) => [names.states, item] as const),
    ...calls.map((item) => [names.calls, item] as const),
  ]);
  return {
    date,
    events: events.length,
    items: { sessions: sessions.length, states: states.length, calls: calls.length },
    callsOnTimelines: new Set(
      states.flatMap((row) => (row.callId === undefined ? [] : [row.callId])),
    ).size,
  };
}

async function putAll(
  client: DynamoDBClient,
  items: readonly (readonly [table: string, item: Item])[],
): Promise<void> {
  let next = 0;
  const writer = async () => {
    while (next < items.length) {
      const chunk = items.slice(next, next + BATCH_WRITE_MAX);
      next += BATCH_WRITE_MAX;
      let requests: Record<string, { PutRequest: { Item: ReturnType<typeof toAttributeMap> } }[]> =
        {};
      for (const [table, item] of chunk) {
        requests[table] = [
          ...(requests[table] ?? []),
          { PutRequest: { Item: toAttributeMap(item) } },
        ];
      }
      while (Object.keys(requests).length > 0) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteItemCommand({ RequestItems: requests }),
        );
        requests = (UnprocessedItems ?? {}) as typeof requests;
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
}
