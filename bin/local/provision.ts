/**
 * Creates the queues and tables on the emulators from the same definitions the CDK stack uses
 * (lambdas/platform/resources.ts). Idempotent, so a persisted database is reused as it is.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type GlobalSecondaryIndex,
  type KeySchemaElement,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  type IndexDefinition,
  MAX_QUEUE_MESSAGE_BYTES,
  queues,
  storeDelivery,
  storeQueueVisibilitySeconds,
  type TableDefinition,
  type TableName,
  tables,
} from '../../lambdas/platform/resources';

export interface ProvisionedQueues {
  eventsQueueUrl: string;
  quarantineQueueUrl: string;
  dlqUrl: string;
}

export type ProvisionedTables = Record<TableName, string>;

/** SQS's MessageRetentionPeriod of so many days. */
export const retentionOf = (days: number) => String(days * 86_400);

/**
 * Creates a queue (or finds it: CreateQueue is idempotent for the same attributes) that takes the
 * largest message SQS does.
 */
export async function createQueue(
  sqs: SQSClient,
  name: string,
  attributes: Record<string, string> = {},
): Promise<string> {
  const created = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        MaximumMessageSize: String(MAX_QUEUE_MESSAGE_BYTES),
        ...attributes,
      },
    }),
  );
  if (created.QueueUrl === undefined) throw new Error(`no URL for queue ${name}`);
  return created.QueueUrl;
}

/** The ARN of a queue, which subscriptions and redrive policies name. */
export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }),
  );
  if (Attributes?.QueueArn === undefined) throw new Error(`no ARN for queue ${queueUrl}`);
  return Attributes.QueueArn;
}

/**
 * Creates the events queue (redriving to the DLQ after storeDelivery.maxReceiveCount receives,
 * its visibility timeout derived from the batching window as the CDK stack derives it), the
 * quarantine queue and the DLQ under `prefix` + their default names. CreateQueue is idempotent
 * for the same attributes, so this can run on every start.
 */
export async function provisionQueues(
  sqs: SQSClient,
  prefix = '',
  batchingWindowSeconds: number = storeDelivery.batchingWindowSeconds,
): Promise<ProvisionedQueues> {
  const create = (name: string, attributes: Record<string, string> = {}) =>
    createQueue(sqs, `${prefix}${name}`, attributes);
  const kept = { MessageRetentionPeriod: retentionOf(storeDelivery.retentionDays) };
  const dlqUrl = await create(queues.dlq.defaultName, kept);
  const quarantineQueueUrl = await create(queues.quarantine.defaultName, kept);
  const eventsQueueUrl = await create(queues.events.defaultName, {
    VisibilityTimeout: String(storeQueueVisibilitySeconds(batchingWindowSeconds)),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: await queueArn(sqs, dlqUrl),
      maxReceiveCount: storeDelivery.maxReceiveCount,
    }),
  });
  return { eventsQueueUrl, quarantineQueueUrl, dlqUrl };
}

function attributeDefinitions(definition: TableDefinition): AttributeDefinition[] {
  const keys = [
    definition.partitionKey,
    ...(definition.sortKey ? [definition.sortKey] : []),
    ...definition.indexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
  const unique = new Map(keys.map((key) => [key.name, key.type]));
  return [...unique].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
}

function keySchema(key: { partitionKey: { name: string }; sortKey?: { name: string } }) {
  return [
    { AttributeName: key.partitionKey.name, KeyType: 'HASH' as const },
    ...(key.sortKey ? [{ AttributeName: key.sortKey.name, KeyType: 'RANGE' as const }] : []),
  ];
}

const schemaText = (schema: readonly KeySchemaElement[] = []) =>
  schema.map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');

const indexText = (
  name: string | undefined,
  schema: readonly KeySchemaElement[] | undefined,
  projected: readonly string[] = [],
) => `${name}=${schemaText(schema)}+${[...projected].sort().join('+')}`;

const INDEX_POLL_MS = 200;
const INDEX_BUILD_TIMEOUT_MS = 60_000;

function indexCreation(index: IndexDefinition): GlobalSecondaryIndex {
  return {
    IndexName: index.indexName,
    KeySchema: keySchema(index),
    Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projectedAttributes] },
  };
}

/**
 * A table kept from an earlier run (a persisted database) gets the indexes added since, as a
 * deployment adds them to the deployed table; otherwise it must match today's definitions, or
 * the store would fail later with obscure validation errors: say so now, once.
 */
async function checkExistingTable(dynamodb: DynamoDBClient, name: string, def: TableDefinition) {
  const describe = () => dynamodb.send(new DescribeTableCommand({ TableName: name }));
  let { Table } = await describe();
  const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of def.indexes.filter((candidate) => !existing.has(candidate.indexName))) {
    // One index per update, as DynamoDB allows; queries fail until it is built.
    await dynamodb.send(
      new UpdateTableCommand({
        TableName: name,
        AttributeDefinitions: attributeDefinitions(def),
        GlobalSecondaryIndexUpdates: [{ Create: indexCreation(index) }],
      }),
    );
    const deadline = Date.now() + INDEX_BUILD_TIMEOUT_MS;
    for (;;) {
      ({ Table } = await describe());
      const built = Table?.GlobalSecondaryIndexes?.find(
        (candidate) => candidate.IndexName === index.indexName,
      );
      if (built?.IndexStatus === 'ACTIVE') break;
      if (Date.now() > deadline) {
        throw new Error(`index ${index.indexName} of table ${name} is still being built`);
      }
      await new Promise((resolve) => setTimeout(resolve, INDEX_POLL_MS));
    }
  }
  const actual = [
    schemaText(Table?.KeySchema),
    ...(Table?.GlobalSecondaryIndexes ?? [])
      .map((index) =>
        indexText(index.IndexName, index.KeySchema, index.Projection?.NonKeyAttributes),
      )
      .sort(),
  ];
  const expected = [
    schemaText(keySchema(def)),
    ...def.indexes
      .map((index) => indexText(index.indexName, keySchema(index), index.projectedAttributes))
      .sort(),
  ];
  if (actual.join(' ') !== expected.join(' ')) {
    throw new Error(
      `table ${name} exists with keys+projections [${actual.join(' ')}] but the definitions say ` +
        `[${expected.join(' ')}]; delete it (npm start -- --fresh)`,
    );
  }
}

/** TTL on, also for a table whose creation was interrupted before TTL was set. */
async function ensureTimeToLive(dynamodb: DynamoDBClient, name: string, attribute: string) {
  const { TimeToLiveDescription: ttl } = await dynamodb.send(
    new DescribeTimeToLiveCommand({ TableName: name }),
  );
  if (ttl?.TimeToLiveStatus === 'ENABLED' && ttl.AttributeName === attribute) return;
  await dynamodb.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { AttributeName: attribute, Enabled: true },
    }),
  );
}

async function ensureTable(dynamodb: DynamoDBClient, name: string, definition: TableDefinition) {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(definition),
        KeySchema: keySchema(definition),
        GlobalSecondaryIndexes:
          definition.indexes.length === 0 ? undefined : definition.indexes.map(indexCreation),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
    await checkExistingTable(dynamodb, name, definition);
  }
  await ensureTimeToLive(dynamodb, name, definition.ttlAttribute);
}

/** Creates the three tables (or checks the existing ones) under `prefix` + their default names. */
export async function provisionTables(
  dynamodb: DynamoDBClient,
  prefix = '',
): Promise<ProvisionedTables> {
  const names = Object.fromEntries(
    (Object.keys(tables) as TableName[]).map((table) => [
      table,
      `${prefix}${tables[table].defaultName}`,
    ]),
  ) as ProvisionedTables;
  // Every table settles before a refusal is reported: nothing is left changing behind it.
  const settled = await Promise.allSettled(
    (Object.keys(tables) as TableName[]).map((table) =>
      ensureTable(dynamodb, names[table], tables[table]),
    ),
  );
  const refused = settled.find((result) => result.status === 'rejected');
  if (refused !== undefined) throw refused.reason;
  return names;
}
