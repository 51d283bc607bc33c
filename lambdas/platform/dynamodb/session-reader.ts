import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { textOf } from '../../items/item';
import type { PresenceEntry } from '../../sessions/current-sessions';
import {
  STORED_SESSION_ATTRIBUTES,
  type StoredSession,
  storedSessionOf,
} from '../../sessions/stored-session';
import { indexOf, tables } from '../resources';
import { batchGetItems } from './batch-get';
import { fromAttributeMap } from './item-mapping';
import { projectionOf } from './projection';
import { queryAll } from './query-all';

const PARTITION = tables.sessions.partitionKey.name;
const BY_PRESENCE = indexOf('sessions', 'byPresence');
const SESSION_PROJECTION = projectionOf(STORED_SESSION_ATTRIBUTES);

/**
 * Reads of the sessions table for the read side: the `byPresence` index, and sessions by id
 * (only the attributes a `StoredSession` holds: the phone and the IP stay in the table).
 * Eventually consistent, like every index read.
 */
export class SessionReader {
  constructor(
    private readonly db: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  /** The index entries of one `presence` partition, of one account when given, by agent. */
  async presenceEntries(presence: string, accountId?: string): Promise<PresenceEntry[]> {
    const items = await queryAll(this.db, {
      TableName: this.tableName,
      IndexName: BY_PRESENCE.indexName,
      KeyConditionExpression:
        accountId === undefined
          ? '#presence = :presence'
          : '#presence = :presence AND begins_with(#agentKey, :account)',
      ExpressionAttributeNames: {
        '#presence': BY_PRESENCE.partitionKey.name,
        ...(accountId === undefined ? {} : { '#agentKey': BY_PRESENCE.sortKey.name }),
      },
      ExpressionAttributeValues: {
        ':presence': { S: presence },
        ...(accountId === undefined ? {} : { ':account': { S: `${accountId}#` } }),
      },
    });
    return items.flatMap((item) => {
      const agentLoginId = textOf(item, PARTITION);
      const agentKey = textOf(item, BY_PRESENCE.sortKey.name);
      if (agentLoginId === undefined || agentKey === undefined) return [];
      const loginAt = textOf(item, 'loginAt');
      const logoutAt = textOf(item, 'logoutAt');
      return [
        {
          agentLoginId,
          agentKey,
          ...(loginAt === undefined ? {} : { loginAt }),
          ...(logoutAt === undefined ? {} : { logoutAt }),
        },
      ];
    });
  }

  /** The sessions of these ids that exist, in no particular order. */
  async sessions(agentLoginIds: readonly string[]): Promise<StoredSession[]> {
    const items = await batchGetItems(
      this.db,
      this.tableName,
      agentLoginIds.map((agentLoginId) => ({ [PARTITION]: { S: agentLoginId } })),
      STORED_SESSION_ATTRIBUTES,
    );
    return items.map(storedSessionOf);
  }

  async session(agentLoginId: string): Promise<StoredSession | undefined> {
    const { Item } = await this.db.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: { [PARTITION]: { S: agentLoginId } },
        ...SESSION_PROJECTION,
      }),
    );
    return Item === undefined ? undefined : storedSessionOf(fromAttributeMap(Item));
  }
}
