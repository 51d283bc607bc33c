import {
  type AttributeValue,
  type DynamoDBClient,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Item } from '../../items/item';
import { fromAttributeMap } from './item-mapping';

/** Every item the query matches, page after page (a page holds at most 1 MB). */
export async function queryAll(db: DynamoDBClient, input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(page.Items ?? []).map(fromAttributeMap));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}
