import {
  type AttributeValue,
  BatchGetItemCommand,
  type BatchGetItemCommandOutput,
  type DynamoDBClient,
  type KeysAndAttributes,
} from '@aws-sdk/client-dynamodb';
import type { Item } from '../../items/item';
import { fromAttributeMap } from './item-mapping';
import { projectionOf } from './projection';

/** The most keys one BatchGetItem takes. */
export const BATCH_GET_MAX_KEYS = 100;
/** Rounds for keys DynamoDB leaves unprocessed (throttling, its 16 MB answer limit). */
const MAX_ROUNDS = 6;
const FIRST_PAUSE_MS = 25;

export type Key = Record<string, AttributeValue>;

/**
 * The items of `keys` that exist (in no particular order), `BATCH_GET_MAX_KEYS` per request, the
 * requests sent together. Keys left unprocessed are asked for again after a short pause that
 * doubles each round, as AWS advises; still unprocessed after `MAX_ROUNDS`, the read fails.
 * Eventually consistent: a read side can be a moment behind the store.
 */
export async function batchGetItems(
  db: DynamoDBClient,
  tableName: string,
  keys: readonly Key[],
  attributes?: readonly string[],
): Promise<Item[]> {
  const chunks: Key[][] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX_KEYS) {
    chunks.push(keys.slice(start, start + BATCH_GET_MAX_KEYS));
  }
  const projection = attributes === undefined ? {} : projectionOf(attributes);
  const pages = await Promise.all(
    chunks.map((chunk) => readChunk(db, tableName, { Keys: chunk, ...projection })),
  );
  return pages.flat();
}

async function readChunk(
  db: DynamoDBClient,
  tableName: string,
  request: KeysAndAttributes,
): Promise<Item[]> {
  const items: Item[] = [];
  let pending: KeysAndAttributes | undefined = request;
  for (let round = 0; pending !== undefined; round++) {
    if (round === MAX_ROUNDS) {
      throw new Error(
        `${tableName}: keys still unprocessed after ${MAX_ROUNDS} BatchGetItem rounds`,
      );
    }
    if (round > 0) await pause(FIRST_PAUSE_MS * 2 ** (round - 1));
    const result: BatchGetItemCommandOutput = await db.send(
      new BatchGetItemCommand({ RequestItems: { [tableName]: pending } }),
    );
    items.push(...(result.Responses?.[tableName] ?? []).map(fromAttributeMap));
    const unprocessed: KeysAndAttributes | undefined = result.UnprocessedKeys?.[tableName];
    pending = unprocessed?.Keys?.length ? unprocessed : undefined;
  }
  return items;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
