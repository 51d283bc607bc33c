import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { type Item, textOf } from '../../items/item';
import { indexOf, tables } from '../resources';
import { batchGetItems } from './batch-get';
import { fromAttributeMap } from './item-mapping';
import { queryAll } from './query-all';

const PARTITION = tables.calls.partitionKey.name;
const BY_QUEUE = indexOf('calls', 'byQueue');
const BY_DAY = indexOf('calls', 'byDay');

/** Where a page of a queue's calls starts: after the call with this key (newest first). */
export interface QueueCallKey {
  readonly callStart: string;
  readonly callId: string;
}

export interface QueueCallsPage {
  /** The index entries: keys and the call's summary (docs/tables.md, calls). */
  readonly calls: Item[];
  /** The key of the last call of the page, when more calls follow. */
  readonly next?: QueueCallKey;
}

/** Reads of the calls table for the read side. */
export class CallReader {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async call(callId: string): Promise<Item | undefined> {
    const { Item } = await this.db.send(
      new GetItemCommand({ TableName: this.tableName, Key: { [PARTITION]: { S: callId } } }),
    );
    return Item === undefined ? undefined : fromAttributeMap(Item);
  }

  /**
   * The ids of the calls filed under the UTC day `callDay` of the `byDay` index with
   * `from <= callStart <= through`, of one account when given (a filter on the index entries:
   * they are a few dozen bytes each).
   */
  async dayCallIds(
    callDay: string,
    window: { readonly from: string; readonly through: string },
    accountId?: string,
  ): Promise<string[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: BY_DAY.indexName,
      KeyConditionExpression: '#day = :day AND #start BETWEEN :from AND :through',
      ...(accountId === undefined ? {} : { FilterExpression: '#account = :account' }),
      ExpressionAttributeNames: {
        '#day': BY_DAY.partitionKey.name,
        '#start': BY_DAY.sortKey.name,
        ...(accountId === undefined ? {} : { '#account': 'accountId' }),
      },
      ExpressionAttributeValues: {
        ':day': { S: callDay },
        ':from': { S: window.from },
        ':through': { S: window.through },
        ...(accountId === undefined ? {} : { ':account': { S: accountId } }),
      },
    });
    return items.flatMap((item) => {
      const callId = textOf(item, PARTITION);
      return callId === undefined ? [] : [callId];
    });
  }

  /** The call items of these ids that exist, in no particular order (BatchGetItem, 100 a time). */
  async calls(callIds: readonly string[]): Promise<Item[]> {
    return batchGetItems(
      this.db,
      this.tableName,
      callIds.map((callId) => ({ [PARTITION]: { S: callId } })),
    );
  }

  /**
   * Up to `limit` calls of the queue with `from <= callStart <= through`, newest first, from
   * the `byQueue` index, after `after` when given. One call more than the page is read, so a
   * page says whether another follows without an empty last page.
   */
  async queueCalls(
    gateId: string,
    window: { readonly from: string; readonly through: string },
    limit: number,
    after?: QueueCallKey,
  ): Promise<QueueCallsPage> {
    const calls: Item[] = [];
    let startKey: Record<string, AttributeValue> | undefined =
      after === undefined
        ? undefined
        : {
            [PARTITION]: { S: after.callId },
            [BY_QUEUE.partitionKey.name]: { S: gateId },
            [BY_QUEUE.sortKey.name]: { S: after.callStart },
          };
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: BY_QUEUE.indexName,
          KeyConditionExpression: '#gate = :gate AND #start BETWEEN :from AND :through',
          ExpressionAttributeNames: {
            '#gate': BY_QUEUE.partitionKey.name,
            '#start': BY_QUEUE.sortKey.name,
          },
          ExpressionAttributeValues: {
            ':gate': { S: gateId },
            ':from': { S: window.from },
            ':through': { S: window.through },
          },
          ScanIndexForward: false,
          Limit: limit + 1 - calls.length,
          ExclusiveStartKey: startKey,
        }),
      );
      calls.push(...(page.Items ?? []).map(fromAttributeMap));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined && calls.length <= limit);
    if (calls.length <= limit) return { calls };
    const shown = calls.slice(0, limit);
    const last = shown.at(-1) as Item;
    return {
      calls: shown,
      next: { callStart: String(last[BY_QUEUE.sortKey.name]), callId: String(last[PARTITION]) },
    };
  }
}
