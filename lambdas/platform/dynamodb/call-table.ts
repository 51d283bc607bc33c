import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type CallContribution,
  emptyCall,
  type MergeOutcome,
  mergeCall,
  newestEventAtOf,
} from '../../calls/call-contributions';
import { callItemOf } from '../../calls/call-item';
import { contributionsOfItem } from '../../calls/call-item-reading';
import { versionOf } from '../../calls/call-version';
import { type Item, textOf } from '../../items/item';
import { TTL_ATTRIBUTE, tables } from '../resources';
import { itemBehindFailedCondition } from './conditional';
import { fromAttributeMap, toAttributeMap } from './item-mapping';
import type { WriteClock } from './retention';

const PARTITION = tables.calls.partitionKey.name;
/** Each lost race means another contribution landed; a call has only a few contributors. */
const MAX_ROUNDS = 6;

/**
 * The calls table. A call is built from several events (its end-call, every agent's engagement),
 * and which agent handled it depends on all of them, so a write is read, merge, compare-and-swap
 * on `version`. A contribution the record already holds (duplicate, or older than what is there)
 * changes nothing and costs no write. A lost race is not an outcome: the merge is redone on the
 * item that won, so nothing is lost.
 */
export class CallTable {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: WriteClock,
  ) {}

  async merge(callId: string, contribution: CallContribution): Promise<MergeOutcome> {
    let stored = await this.read(callId);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const current = stored === undefined ? emptyCall(callId) : contributionsOfItem(stored);
      const next = mergeCall(current, contribution);
      const nextVersion = versionOf(next);
      const version = stored === undefined ? undefined : textOf(stored, 'version');
      // An unchanged call is the usual outcome of a repeat: decided before building the item.
      if (version !== undefined && version === nextVersion) return 'unchanged';
      const { expiresAt } = this.clock.stamp(newestEventAtOf(next));
      const item = { ...callItemOf(next, nextVersion), [TTL_ATTRIBUTE]: expiresAt };
      try {
        await this.db.send(
          new PutItemCommand({
            TableName: this.tableName,
            Item: toAttributeMap(item),
            ...(version === undefined
              ? {
                  ConditionExpression: 'attribute_not_exists(#partition)',
                  ExpressionAttributeNames: { '#partition': PARTITION },
                }
              : {
                  ConditionExpression: '#version = :version',
                  ExpressionAttributeNames: { '#version': 'version' },
                  ExpressionAttributeValues: { ':version': { S: version } },
                }),
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          }),
        );
        return stored === undefined ? 'created' : 'updated';
      } catch (error) {
        const winner = itemBehindFailedCondition(error);
        if (winner === undefined) throw error;
        stored = winner;
      }
    }
    throw new Error(`call ${callId} kept changing during ${MAX_ROUNDS} merge rounds`);
  }

  private async read(callId: string): Promise<Item | undefined> {
    const result = await this.db.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [PARTITION]: { S: callId } },
        ConsistentRead: true,
      }),
    );
    return result.Item === undefined ? undefined : fromAttributeMap(result.Item);
  }
}
