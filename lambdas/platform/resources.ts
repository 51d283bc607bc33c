/**
 * One source of truth for the queues and tables: the CDK stack and the local stack both build
 * them from these definitions, and the store and tools read attribute names from here.
 */

export type KeyType = 'S' | 'N';
export interface KeyAttribute {
  readonly name: string;
  readonly type: KeyType;
}
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey: KeyAttribute;
  /**
   * Attributes copied into the index besides the keys; read anything else by the table key.
   * Only attributes that change with the index keys: DynamoDB writes an index again whenever a
   * projected attribute changes, and an index write costs as much as a table write.
   */
  readonly projectedAttributes: readonly string[];
}
export interface TableDefinition {
  /** Default physical name; deployments may prefix or override it. */
  readonly defaultName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly indexes: readonly IndexDefinition[];
  readonly ttlAttribute: string;
}

export const TTL_ATTRIBUTE = 'expiresAt';
export const DEFAULT_RETENTION_DAYS = 400;

export const tables = {
  sessions: {
    defaultName: 'engage-wfm-sessions',
    partitionKey: { name: 'agentLoginId', type: 'S' },
    indexes: [
      {
        // An agent's sessions by time: agentKey = `${accountId}#${agentId}`.
        indexName: 'byAgent',
        partitionKey: { name: 'agentKey', type: 'S' },
        sortKey: { name: 'loginAt', type: 'S' },
        projectedAttributes: ['status', 'logoutAt'],
      },
      {
        // Open sessions (`LOGGED_IN`) and each UTC day's logged-out ones (`LOGGED_OUT#<day>`),
        // by agent: the agents API lists them without a scan. `presence` changes only at a
        // session's creation and its LOGOUT (session-update.ts), and so do these projections.
        indexName: 'byPresence',
        partitionKey: { name: 'presence', type: 'S' },
        sortKey: { name: 'agentKey', type: 'S' },
        projectedAttributes: ['loginAt', 'logoutAt'],
      },
    ],
    ttlAttribute: TTL_ATTRIBUTE,
  },
  states: {
    defaultName: 'engage-wfm-states',
    partitionKey: { name: 'agentLoginId', type: 'S' },
    // `${occurredAt}#${sequence, 2 digits}#${eventId}`: sorts the timeline by time, then by the
    // same-second order, and keeps two distinct events of one instant apart.
    sortKey: { name: 'timelineKey', type: 'S' },
    indexes: [],
    ttlAttribute: TTL_ATTRIBUTE,
  },
  calls: {
    defaultName: 'engage-wfm-calls',
    partitionKey: { name: 'callId', type: 'S' },
    indexes: [
      {
        indexName: 'byQueue',
        partitionKey: { name: 'gateId', type: 'S' },
        sortKey: { name: 'callStart', type: 'S' },
        // A call list's summary: all of it arrives with the end-call, as do the index keys.
        projectedAttributes: ['callType', 'callState', 'callDuration', 'agentId'],
      },
      {
        // Retired: the store no longer writes `agentKey` on calls, so no call enters it (and none
        // costs an index write); nothing reads it. It is deleted by the next release, as
        // DynamoDB changes one index per table per deployment and this one adds `byDay`.
        indexName: 'byAgent',
        partitionKey: { name: 'agentKey', type: 'S' },
        sortKey: { name: 'callStart', type: 'S' },
        projectedAttributes: ['callType', 'callState', 'callDuration', 'gateId'],
      },
      {
        // The calls of one UTC day (`callDay`, the day of `callStart`) by start: the interval
        // routes read a local day's calls from one or two of its partitions. Both keys and
        // `accountId` are set when the item is created and change only when a late end-call
        // moves `callStart`, so the entry is written about once per call.
        indexName: 'byDay',
        partitionKey: { name: 'callDay', type: 'S' },
        sortKey: { name: 'callStart', type: 'S' },
        projectedAttributes: ['accountId'],
      },
    ],
    ttlAttribute: TTL_ATTRIBUTE,
  },
} as const satisfies Record<string, TableDefinition>;

export type TableName = keyof typeof tables;

/** The environment variable that names each table to the functions that read or write it. */
export const TABLE_ENV = {
  sessions: 'SESSIONS_TABLE',
  states: 'STATES_TABLE',
  calls: 'CALLS_TABLE',
} as const satisfies Record<TableName, string>;

export type IndexName<T extends TableName> = (typeof tables)[T]['indexes'][number]['indexName'];

/** The definition of one of a table's indexes, by name. */
export function indexOf<T extends TableName>(table: T, indexName: IndexName<T>): IndexDefinition {
  const found = tables[table].indexes.find(
    (index: IndexDefinition) => index.indexName === indexName,
  );
  if (found === undefined) throw new Error(`table ${table} defines no index ${indexName}`);
  return found;
}

export interface QueueDefinition {
  readonly defaultName: string;
}

export const queues = {
  events: { defaultName: 'engage-wfm-events' },
  quarantine: { defaultName: 'engage-wfm-quarantine' },
  dlq: { defaultName: 'engage-wfm-events-dlq' },
} as const satisfies Record<string, QueueDefinition>;

export type QueueName = keyof typeof queues;

/**
 * The topics ingest publishes to. `events`: every accepted event; the events queue is its store's
 * subscription. `quarantine`: every refused request's record, delivered raw to the quarantine
 * queue (a topic, so that ingest constructs no SQS client); it takes messages as large as the
 * queue does (MAX_QUEUE_MESSAGE_BYTES, its MaximumMessageSize).
 */
export const topics = {
  events: { defaultName: 'engage-wfm-events' },
  quarantine: { defaultName: 'engage-wfm-quarantine' },
} as const;

/** The queues of one subscriber the stack (or the local stack) feeds from the topic. */
export const subscriberQueues = {
  /** Local names; the CDK stack lets CloudFormation name them. */
  queueName: (subscriber: string) => `engage-wfm-subscriber-${subscriber}`,
  dlqName: (subscriber: string) => `engage-wfm-subscriber-${subscriber}-dlq`,
  /** Receives before a message the subscriber keeps failing moves to its DLQ. */
  maxReceiveCount: 5,
  /** Days messages wait for a subscriber (SQS maximum): an absent one loses nothing for two weeks. */
  retentionDays: 14,
  /** Age of the oldest waiting message that means the subscriber has stopped reading. */
  lagAlarmSeconds: 3600,
} as const;

/** The store consumer's delivery settings, shared by the Lambda event source and the local poller. */
export const storeDelivery = {
  /** Receives before a message moves to the DLQ. */
  maxReceiveCount: 5,
  batchSize: 10,
  /** How long the event source waits for a batch to fill (lib/ default; the local poller too). */
  batchingWindowSeconds: 1,
  /** The longest batching window a deployment may choose (the event source's own maximum). */
  maxBatchingWindowSeconds: 300,
  functionTimeoutSeconds: 30,
  /** Days messages wait in the quarantine queue and the DLQ (SQS maximum). */
  retentionDays: 14,
} as const;

/**
 * The store queue's visibility timeout for a batching window: six times the function timeout,
 * as AWS advises for SQS event sources (room for retries of a throttled batch), plus the window,
 * during which a received message already counts against its visibility while the batch fills.
 * The CDK stack and the local stack both take it from here.
 */
export function storeQueueVisibilitySeconds(batchingWindowSeconds: number): number {
  return 6 * storeDelivery.functionTimeoutSeconds + batchingWindowSeconds;
}

/**
 * The largest message an SQS queue takes (its MaximumMessageSize, which every queue here sets),
 * and the quarantine topic (SNS takes up to this on a topic that sets it, 256 KiB otherwise).
 */
export const MAX_QUEUE_MESSAGE_BYTES = 1_048_576;

/** Largest request body ingest accepts by default; the queues are sized to carry it. */
export const DEFAULT_MAX_BODY_KIB = 256;
