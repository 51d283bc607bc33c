import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  UpdateItemCommand,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { ReconcileMiss } from '../../sessions/reconciliation';
import { RECONCILE_MISSED_AT, SESSION_STATUS } from '../../sessions/session-update';
import { tables } from '../resources';

const PARTITION = tables.sessions.partitionKey.name;
/** Writes at once: a mass first miss (a whole team not listed) stays well within the minute. */
const PARALLEL_WRITES = 10;

/**
 * Reconciliation's mark on a session item (`reconcileMissedAt`), one conditional UpdateItem
 * each: a mark is written only on an open session that has none (never creating an item), and
 * removed only where present. A failed condition means the session changed meanwhile, which
 * the next run sees: it is no error.
 */
export class ReconcileMarks {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async mark(misses: readonly ReconcileMiss[]): Promise<void> {
    await this.each(misses, ({ agentLoginId, missedAt }) => ({
      Key: { [PARTITION]: { S: agentLoginId } },
      UpdateExpression: 'SET #mark = :missedAt',
      ConditionExpression:
        'attribute_exists(#key) AND #status = :loggedIn AND attribute_not_exists(#mark)',
      ExpressionAttributeNames: {
        '#mark': RECONCILE_MISSED_AT,
        '#key': PARTITION,
        '#status': 'status',
      },
      ExpressionAttributeValues: {
        ':missedAt': { S: missedAt },
        ':loggedIn': { S: SESSION_STATUS.loggedIn },
      },
    }));
  }

  async unmark(agentLoginIds: readonly string[]): Promise<void> {
    await this.each(agentLoginIds, (agentLoginId) => ({
      Key: { [PARTITION]: { S: agentLoginId } },
      UpdateExpression: 'REMOVE #mark',
      ConditionExpression: 'attribute_exists(#mark)',
      ExpressionAttributeNames: { '#mark': RECONCILE_MISSED_AT },
    }));
  }

  private async each<T>(
    entries: readonly T[],
    update: (entry: T) => Omit<UpdateItemCommandInput, 'TableName'>,
  ): Promise<void> {
    for (let start = 0; start < entries.length; start += PARALLEL_WRITES) {
      await Promise.all(
        entries.slice(start, start + PARALLEL_WRITES).map(async (entry) => {
          try {
            await this.db.send(
              new UpdateItemCommand({ TableName: this.tableName, ...update(entry) }),
            );
          } catch (error) {
            if (!(error instanceof ConditionalCheckFailedException)) throw error;
          }
        }),
      );
    }
  }
}
