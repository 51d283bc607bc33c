import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { textOf } from '../../items/item';
import type { TimelineRow } from '../../states/segments';
import { pointOf } from '../../states/timeline';
import { tables } from '../resources';
import { projectionOf } from './projection';
import { queryAll } from './query-all';

const PARTITION = tables.states.partitionKey.name;
const ROW_PROJECTION = projectionOf([
  tables.states.sortKey.name,
  'state',
  'auxState',
  'callId',
  'occurredAt',
]);

/** Reads of the states table for the read side: a session's whole timeline, in order. */
export class TimelineReader {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async rows(agentLoginId: string): Promise<TimelineRow[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      KeyConditionExpression: '#partition = :partition',
      ExpressionAttributeNames: {
        ...ROW_PROJECTION.ExpressionAttributeNames,
        '#partition': PARTITION,
      },
      ExpressionAttributeValues: { ':partition': { S: agentLoginId } },
      ProjectionExpression: ROW_PROJECTION.ProjectionExpression,
    });
    return items.flatMap((item) => {
      const point = pointOf(item);
      const occurredAt = textOf(item, 'occurredAt');
      return point === undefined || occurredAt === undefined ? [] : [{ ...point, occurredAt }];
    });
  }
}
