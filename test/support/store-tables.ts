import { randomUUID } from 'node:crypto';
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { lambdaContext } from '../../bin/local/lambda-context';
import { provisionTables } from '../../bin/local/provision';
import type { Envelope } from '../../lambdas/events';
import type { Item } from '../../lambdas/items/item';
import { dynamodb } from '../../lambdas/platform/dynamodb/client';
import { fromAttributeMap } from '../../lambdas/platform/dynamodb/item-mapping';
import { STORE_ENV, storeConfigFromEnv } from '../../lambdas/store/config';
import { createStoreConsumer } from '../../lambdas/store/consumer';
import { testDynamodb } from './resources';
import { sqsEvent } from './sqs-event';

export interface StoreTableNames {
  readonly sessions: string;
  readonly states: string;
  readonly calls: string;
}

/**
 * A fresh, isolated set of the three tables on the emulator, from the shared definitions (as
 * `provisionForTest` makes them, without the queues the store tests do not use).
 */
export async function freshTables(client: DynamoDBClient = testDynamodb): Promise<StoreTableNames> {
  return provisionTables(client, `store-${randomUUID().slice(0, 8)}-`);
}

/** The store handler's environment for a set of tables. */
export function storeEnv(names: StoreTableNames): NodeJS.ProcessEnv {
  return {
    ...process.env,
    [STORE_ENV.sessionsTable]: names.sessions,
    [STORE_ENV.statesTable]: names.states,
    [STORE_ENV.callsTable]: names.calls,
  };
}

/**
 * The store handler as `handler.ts` composes it (shared DynamoDB client, config from the
 * environment), bound to one set of tables.
 */
/** A store handler as Lambda calls it. */
export type StoreHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

export function storeHandlerFor(
  names: StoreTableNames,
  client: DynamoDBClient = dynamodb,
): StoreHandler {
  return createStoreConsumer(storeConfigFromEnv(client, storeEnv(names)));
}

/** Delivers the batches one after the other, as the event source would; returns the failures. */
export async function deliver(
  handler: StoreHandler,
  batches: readonly (readonly Envelope[])[],
): Promise<string[]> {
  const failures: string[] = [];
  for (const [index, batch] of batches.entries()) {
    const context = lambdaContext('engage-wfm-store-test', `batch-${index}`, 30_000);
    const response = await handler(sqsEvent(batch.map((event) => JSON.stringify(event))), context);
    failures.push(...response.batchItemFailures.map((failure) => failure.itemIdentifier));
  }
  return failures;
}

/**
 * Every item of the three tables, in key order, without the attributes a write takes from the
 * wall clock (`updatedAt`, `expiresAt`): the items as far as convergence promises them.
 */
export async function snapshot(
  names: StoreTableNames,
  client: DynamoDBClient = dynamodb,
): Promise<{ sessions: Item[]; states: Item[]; calls: Item[] }> {
  const [sessions, states, calls] = await Promise.all(
    [names.sessions, names.states, names.calls].map(async (name) =>
      (await scanAll(name, client)).map(withoutClockAttributes),
    ),
  );
  return { sessions: sessions ?? [], states: states ?? [], calls: calls ?? [] };
}

function withoutClockAttributes({ updatedAt: _updatedAt, expiresAt: _expiresAt, ...rest }: Item) {
  return rest;
}

/** Every item of a table, sorted by key. */
export async function scanAll(tableName: string, client: DynamoDBClient): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
    );
    items.push(...(page.Items ?? []).map(fromAttributeMap));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  const keyOf = (item: Item) => `${item.agentLoginId ?? item.callId}#${item.timelineKey ?? ''}`;
  return items.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
}
