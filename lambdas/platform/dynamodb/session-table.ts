import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { Item, ItemValue } from '../../items/item';
import {
  GROUP_WRITABLE_WHILE_MARKER_IS,
  lastEventAtAfter,
  remainingUpdate,
  type SessionUpdate,
  type SessionWrite,
} from '../../sessions/session-update';
import { TTL_ATTRIBUTE, tables } from '../resources';
import { itemBehindFailedCondition } from './conditional';
import { fromAttributeMap, toAttributeValue } from './item-mapping';
import type { WriteClock } from './retention';

const PARTITION = tables.sessions.partitionKey.name;

/** A session write whose condition kept failing although the item it met left groups to write. */
export class SessionWriteUnsettled extends Error {
  constructor(agentLoginId: string, rounds: number) {
    super(
      `session ${agentLoginId}: the write's condition failed ${rounds} times although the item it met left groups to write; the order check and the condition disagree`,
    );
    this.name = 'SessionWriteUnsettled';
  }
}

/**
 * The sessions table. The item is read first (strongly consistent) so that a stale or duplicate
 * event, or the stale groups of an event, cost no write at all. What is left is one UpdateItem
 * with every remaining group guarded by its own marker in one condition. If a concurrent write
 * got there in between, the failed condition returns the item it met
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), which says what is left: a failed condition
 * is an answer, never an error and never a retry of the record.
 */
export class SessionTable {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
    private readonly clock: WriteClock,
  ) {}

  /** Applies the update; resolves to the item as first read and as it stands after the write. */
  async apply(update: SessionUpdate): Promise<SessionWrite> {
    const before = await this.read(update.agentLoginId);
    let current = before;
    let pending = remainingUpdate(update, current);
    // Each failed condition retires at least one group, so this ends within groups + 1 rounds,
    // as long as the local order check and the write's condition agree (both are built from
    // one rule in session-update.ts); if they ever did not, the record fails instead of spinning.
    const rounds = update.groups.length + 1;
    for (let round = 0; pending !== undefined; round++) {
      if (round === rounds) throw new SessionWriteUnsettled(update.agentLoginId, rounds);
      try {
        const result = await this.db.send(this.command(pending, current));
        return { before, after: fromAttributeMap(result.Attributes ?? {}) };
      } catch (error) {
        const met = itemBehindFailedCondition(error);
        if (met === undefined) throw error;
        current = met;
        pending = remainingUpdate(pending, met);
      }
    }
    return { before, after: current };
  }

  private async read(agentLoginId: string): Promise<Item> {
    const result = await this.db.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [PARTITION]: { S: agentLoginId } },
        ConsistentRead: true,
      }),
    );
    return fromAttributeMap(result.Item ?? {});
  }

  /** The write of `update` over `current`, with the write's own clock attributes. */
  private command(update: SessionUpdate, current: Item): UpdateItemCommand {
    const names: Record<string, string> = {};
    const values: Record<string, AttributeValue> = {};
    const name = (attribute: string) => {
      const placeholder = `#a${Object.keys(names).length}`;
      names[placeholder] = attribute;
      return placeholder;
    };
    const value = (item: ItemValue) => {
      const placeholder = `:v${Object.keys(values).length}`;
      values[placeholder] = toAttributeValue(item);
      return placeholder;
    };
    const sets: string[] = [];
    const removes: string[] = [];
    const conditions: string[] = [];
    for (const group of update.groups) {
      const marker = name(group.marker);
      const key = value(group.key);
      const before = (attribute: string) =>
        `(attribute_not_exists(${attribute}) OR ${attribute} ${GROUP_WRITABLE_WHILE_MARKER_IS} ${key})`;
      conditions.push(before(marker));
      for (const { attribute, is } of group.requires ?? []) {
        const other = name(attribute);
        conditions.push(
          is === 'absent'
            ? `attribute_not_exists(${other})`
            : is === 'present'
              ? `attribute_exists(${other})`
              : before(other),
        );
      }
      for (const [attribute, item] of Object.entries(group.set)) {
        sets.push(
          attribute === group.marker ? `${marker} = ${key}` : `${name(attribute)} = ${value(item)}`,
        );
      }
      for (const attribute of group.remove) removes.push(name(attribute));
    }
    for (const [attribute, item] of Object.entries(update.fillIfAbsent)) {
      const placeholder = name(attribute);
      sets.push(`${placeholder} = if_not_exists(${placeholder}, ${value(item)})`);
    }
    const { writtenAt, expiresAt } = this.clock.stamp(lastEventAtAfter(update, current));
    sets.push(`${name('updatedAt')} = ${value(writtenAt)}`);
    sets.push(`${name(TTL_ATTRIBUTE)} = ${value(expiresAt)}`);
    const expression = `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`;
    return new UpdateItemCommand({
      TableName: this.tableName,
      Key: { [PARTITION]: { S: update.agentLoginId } },
      UpdateExpression: expression,
      ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    });
  }
}
