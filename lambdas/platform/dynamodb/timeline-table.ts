import {
  type AttributeValue,
  type DynamoDBClient,
  PutItemCommand,
  QueryCommand,
} from '@aws-sdk/client-dynamodb';
import { type Item, textOf } from '../../items/item';
import { pointOf, type TimelinePoint } from '../../states/timeline';
import { rowsNeededAfter, rowsNeededBefore } from '../../states/view';
import { TTL_ATTRIBUTE, tables } from '../resources';
import { itemBehindFailedCondition } from './conditional';
import { fromAttributeMap, toAttributeMap } from './item-mapping';
import type { WriteClock } from './retention';

const PARTITION = tables.states.partitionKey.name;
const SORT = tables.states.sortKey.name;
/** Spans are a handful of rows; a small page usually answers in one read. */
const PAGE_SIZE = 8;

/** The states table: one row per state event, the window around a point for the call rules. */
export class TimelineTable {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: WriteClock,
  ) {}

  /**
   * Writes the row once; a row that is already there (same event) is left as it is. True when
   * the row was written now.
   */
  async put(row: Item): Promise<boolean> {
    const { expiresAt } = this.clock.stamp(textOf(row, 'occurredAt'));
    try {
      await this.db.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: toAttributeMap({ ...row, [TTL_ATTRIBUTE]: expiresAt }),
          ConditionExpression: 'attribute_not_exists(#sort)',
          ExpressionAttributeNames: { '#sort': SORT },
        }),
      );
      return true;
    } catch (error) {
      if (itemBehindFailedCondition(error) === undefined) throw error;
      return false;
    }
  }

  /** The agent's points the anchor's call rules need, nearest first on each side. */
  async around(
    agentLoginId: string,
    anchor: TimelinePoint,
  ): Promise<{ before: TimelinePoint[]; after: TimelinePoint[] }> {
    const [before, after] = await Promise.all([
      this.scan(agentLoginId, anchor, 'before'),
      this.scan(agentLoginId, anchor, 'after'),
    ]);
    return { before, after };
  }

  private async scan(
    agentLoginId: string,
    anchor: TimelinePoint,
    side: 'before' | 'after',
  ): Promise<TimelinePoint[]> {
    const needed = side === 'before' ? rowsNeededBefore : rowsNeededAfter;
    if (side === 'after' && needed(anchor, []) === 0) return [];
    const points: TimelinePoint[] = [];
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.db.send(
        new QueryCommand({
          TableName: this.tableName,
          ConsistentRead: true,
          KeyConditionExpression: `#partition = :partition AND #sort ${side === 'before' ? '<' : '>'} :anchor`,
          ExpressionAttributeNames: {
            '#partition': PARTITION,
            '#sort': SORT,
            '#state': 'state',
            '#auxState': 'auxState',
            '#callId': 'callId',
          },
          ExpressionAttributeValues: {
            ':partition': { S: agentLoginId },
            ':anchor': { S: anchor.timelineKey },
          },
          ProjectionExpression: '#sort, #state, #auxState, #callId',
          ScanIndexForward: side === 'after',
          Limit: PAGE_SIZE,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const attributes of page.Items ?? []) {
        const point = pointOf(fromAttributeMap(attributes));
        if (point !== undefined) points.push(point);
      }
      const count = needed(anchor, points);
      if (count !== undefined) return points.slice(0, count);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return points;
  }
}
