/**
 * Creates the queues and tables on the emulators from the same definitions the CDK stack uses
 * (lambdas/platform/resources.ts). Idempotent, so a persisted database is reused as it is.
 */
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import {
  queues,
  storeDelivery,
  type TableDefinition,
  type TableName,
  tables,
} from '../../lambdas/platform/resources';

/** The largest message SQS takes; it fits the largest request ingest accepts. */
export const MAX_MESSAGE_BYTES = 1_048_576;

export interface ProvisionedQueues {
  eventsQueueUrl: string;
  quarantineQueueUrl: string;
  dlqUrl: string;
}

export type ProvisionedTables = Record<TableName, string>;

export async function provisionQueues(sqs: SQSClient, prefix = ''): Promise<ProvisionedQueues> {
  const retention = String(storeDelivery.retentionDays * 86_400);
  const create = async (name: string, attributes: Record<string, string>) => {
    const created = await sqs.send(
      new CreateQueueCommand({
        QueueName: `${prefix}${name}`,
        Attributes: { MaximumMessageSize: String(MAX_MESSAGE_BYTES), ...attributes },
      }),
    );
    if (created.QueueUrl === undefined) throw new Error(`no URL for queue ${name}`);
    return created.QueueUrl;
  };
  const dlqUrl = await create(queues.dlq.defaultName, { MessageRetentionPeriod: retention });
  const dlq = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }),
  );
  const quarantineQueueUrl = await create(queues.quarantine.defaultName, {
    MessageRetentionPeriod: retention,
  });
  const eventsQueueUrl = await create(queues.events.defaultName, {
    VisibilityTimeout: String(storeDelivery.visibilityTimeoutSeconds),
    RedrivePolicy: JSON.stringify({
      deadLetterTargetArn: dlq.Attributes?.QueueArn,
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

async function createTable(dynamodb: DynamoDBClient, name: string, definition: TableDefinition) {
  try {
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: attributeDefinitions(definition),
        KeySchema: [
          { AttributeName: definition.partitionKey.name, KeyType: 'HASH' },
          ...(definition.sortKey
            ? [{ AttributeName: definition.sortKey.name, KeyType: 'RANGE' as const }]
            : []),
        ],
        GlobalSecondaryIndexes:
          definition.indexes.length === 0
            ? undefined
            : definition.indexes.map((index) => ({
                IndexName: index.indexName,
                KeySchema: [
                  { AttributeName: index.partitionKey.name, KeyType: 'HASH' as const },
                  { AttributeName: index.sortKey.name, KeyType: 'RANGE' as const },
                ],
                Projection: { ProjectionType: 'ALL' as const },
              })),
      }),
    );
    await dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: name,
        TimeToLiveSpecification: { AttributeName: definition.ttlAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await dynamodb.send(new DescribeTableCommand({ TableName: name }));
}

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
  await Promise.all(
    (Object.keys(tables) as TableName[]).map((table) =>
      createTable(dynamodb, names[table], tables[table]),
    ),
  );
  return names;
}
