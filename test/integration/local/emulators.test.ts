import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  QueryCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { PublishCommand } from '@aws-sdk/client-sns';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, LOCAL_REGION, startDynamoDbLocal } from '../../../bin/local/emulators';
import { provisionQueues, provisionTables } from '../../../bin/local/provision';
import {
  MAX_QUEUE_MESSAGE_BYTES,
  storeDelivery,
  storeQueueVisibilitySeconds,
  tables,
} from '../../../lambdas/platform/resources';
import {
  drainQueue,
  provisionForTest,
  type TestResources,
  testDynamodb,
  testSns,
  testSqs,
  waitFor,
} from '../../support/resources';

let resources: TestResources;
beforeAll(async () => {
  resources = await provisionForTest('emulators');
});

const keySchema = (key: { partitionKey: { name: string }; sortKey?: { name: string } }) => [
  { AttributeName: key.partitionKey.name, KeyType: 'HASH' },
  ...(key.sortKey ? [{ AttributeName: key.sortKey.name, KeyType: 'RANGE' }] : []),
];

async function queueAttributes(queueUrl: string) {
  const { Attributes = {} } = await testSqs.send(
    new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
  );
  return Attributes;
}

describe('the emulators and the provisioned resources', () => {
  it.each(Object.keys(tables) as (keyof typeof tables)[])(
    'create the %s table with the keys, indexes and TTL of the shared definitions',
    async (name) => {
      const definition = tables[name];
      const tableName = resources.tables[name];
      expect(tableName).toBe(`${resources.prefix}${definition.defaultName}`);
      const { Table } = await testDynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.KeySchema).toEqual(keySchema(definition));
      const indexes = (Table?.GlobalSecondaryIndexes ?? []).map((index) => ({
        name: index.IndexName,
        keys: index.KeySchema,
        projection: index.Projection?.ProjectionType,
        projected: [...(index.Projection?.NonKeyAttributes ?? [])].sort(),
      }));
      expect(indexes).toEqual(
        expect.arrayContaining(
          definition.indexes.map((index) => ({
            name: index.indexName,
            keys: keySchema(index),
            projection: 'INCLUDE',
            projected: [...index.projectedAttributes].sort(),
          })),
        ),
      );
      expect(indexes).toHaveLength(definition.indexes.length);
      const ttl = await testDynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription).toMatchObject({
        AttributeName: definition.ttlAttribute,
        TimeToLiveStatus: 'ENABLED',
      });
    },
  );

  it('create the queues with 1 MiB messages and the events queue redriving to the DLQ', async () => {
    const { eventsQueueUrl, quarantineQueueUrl, dlqUrl } = resources.queues;
    const [events, quarantine, dlq] = await Promise.all([
      queueAttributes(eventsQueueUrl),
      queueAttributes(quarantineQueueUrl),
      queueAttributes(dlqUrl),
    ]);
    for (const queue of [events, quarantine, dlq]) {
      expect(queue.MaximumMessageSize).toBe(String(MAX_QUEUE_MESSAGE_BYTES));
    }
    expect(JSON.parse(events.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: dlq.QueueArn,
      maxReceiveCount: storeDelivery.maxReceiveCount,
    });
    // Derived from the batching window as the CDK stack derives it: 6 x 30 s + the 1 s default.
    expect(events.VisibilityTimeout).toBe(
      String(storeQueueVisibilitySeconds(storeDelivery.batchingWindowSeconds)),
    );
    expect(events.VisibilityTimeout).toBe('181');
  });

  it("hold each topic to its own message size: the quarantine's 1 MiB, delivered raw to its queue", async () => {
    const { eventsTopicArn, quarantineTopicArn } = resources.fanOut;
    const message = 'x'.repeat(300 * 1024);
    const attributes = { status: { DataType: 'Number', StringValue: '413' } };
    await expect(
      testSns.send(new PublishCommand({ TopicArn: eventsTopicArn, Message: message })),
    ).rejects.toThrow(/too long/);
    await testSns.send(
      new PublishCommand({
        TopicArn: quarantineTopicArn,
        Message: message,
        MessageAttributes: attributes,
      }),
    );
    const [kept, ...others] = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(others).toHaveLength(0);
    expect(kept?.Body).toBe(message);
    expect(kept?.MessageAttributes).toEqual(attributes);
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
    // Past the topic's own limit, refused with that limit named.
    await expect(
      testSns.send(
        new PublishCommand({
          TopicArn: quarantineTopicArn,
          Message: 'x'.repeat(MAX_QUEUE_MESSAGE_BYTES + 1),
        }),
      ),
    ).rejects.toThrow(`Message must be shorter than ${MAX_QUEUE_MESSAGE_BYTES} bytes`);
  });

  it('provision again without error and hand back the same queues and tables', async () => {
    await expect(provisionQueues(testSqs, resources.prefix)).resolves.toEqual(resources.queues);
    await expect(provisionTables(testDynamodb, resources.prefix)).resolves.toEqual(
      resources.tables,
    );
  });

  it('turn TTL on for an existing table that lacks it (creation interrupted before TTL)', async () => {
    const tableName = resources.tables.calls;
    await testDynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tables.calls.ttlAttribute, Enabled: false },
      }),
    );
    await provisionTables(testDynamodb, resources.prefix);
    const ttl = await testDynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
  });

  it('refuse, naming the table, an existing table whose keys differ from the definitions', async () => {
    const prefix = `${resources.prefix}stale-`;
    await testDynamodb.send(
      new CreateTableCommand({
        TableName: `${prefix}${tables.states.defaultName}`,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'agentLoginId', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'agentLoginId', KeyType: 'HASH' }],
      }),
    );
    await expect(provisionTables(testDynamodb, prefix)).rejects.toThrow(
      `table ${prefix}${tables.states.defaultName} exists with keys`,
    );
  });

  // A persisted local database of an earlier version, alone in its DynamoDB Local as `npm start`
  // keeps it: an index added to a table of a DynamoDB Local that has already created several
  // tables with indexes (as this file's other tests do) can stay CREATING for good, an emulator
  // quirk AWS does not share. The test allows the provisioning's own deadline, and a margin.
  it('add to a kept table the indexes defined since, keeping its items', async () => {
    const kept = await startDynamoDbLocal();
    const dynamodb = new DynamoDBClient({
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      endpoint: kept.endpoint,
    });
    const tableName = tables.sessions.defaultName;
    // A table as an earlier version made it: the first index only.
    const [first] = tables.sessions.indexes;
    await dynamodb.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'agentLoginId', AttributeType: 'S' },
          { AttributeName: 'agentKey', AttributeType: 'S' },
          { AttributeName: 'loginAt', AttributeType: 'S' },
        ],
        KeySchema: [{ AttributeName: 'agentLoginId', KeyType: 'HASH' }],
        GlobalSecondaryIndexes: [
          {
            IndexName: first.indexName,
            KeySchema: [
              { AttributeName: first.partitionKey.name, KeyType: 'HASH' },
              { AttributeName: first.sortKey.name, KeyType: 'RANGE' },
            ],
            Projection: {
              ProjectionType: 'INCLUDE',
              NonKeyAttributes: [...first.projectedAttributes],
            },
          },
        ],
      }),
    );
    await dynamodb.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { agentLoginId: { S: '1' }, agentKey: { S: 'a#1' }, presence: { S: 'LOGGED_IN' } },
      }),
    );
    try {
      await provisionTables(dynamodb);
      const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName).sort()).toEqual(
        tables.sessions.indexes.map((index) => index.indexName).sort(),
      );
      // The added index holds the items written before it, as DynamoDB backfills it.
      const { Items = [] } = await dynamodb.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: 'byPresence',
          KeyConditionExpression: 'presence = :presence',
          ExpressionAttributeValues: { ':presence': { S: 'LOGGED_IN' } },
        }),
      );
      expect(Items.map((item) => item.agentLoginId?.S)).toEqual(['1']);
    } finally {
      await kept.stop();
    }
  }, 180_000);

  it('deliver a sent message and redrive to the DLQ after the receive count', async () => {
    const { eventsQueueUrl, dlqUrl } = resources.queues;
    await testSqs.send(new SendMessageCommand({ QueueUrl: eventsQueueUrl, MessageBody: 'poison' }));
    for (let receive = 1; receive <= storeDelivery.maxReceiveCount; receive++) {
      const { Messages = [] } = await testSqs.send(
        new ReceiveMessageCommand({
          QueueUrl: eventsQueueUrl,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
        }),
      );
      expect(
        Messages.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount]),
      ).toEqual([['poison', String(receive)]]);
    }
    const inDlq = await waitFor(
      async () => {
        // The emulator moves a message on the receive after the last allowed one, as SQS does.
        await testSqs.send(
          new ReceiveMessageCommand({ QueueUrl: eventsQueueUrl, VisibilityTimeout: 0 }),
        );
        const drained = await drainQueue(dlqUrl);
        return drained.length > 0 && drained;
      },
      { what: 'the message in the DLQ' },
    );
    expect(inDlq.map((message) => message.Body)).toEqual(['poison']);
    expect(await drainQueue(eventsQueueUrl)).toEqual([]);
  });
});
