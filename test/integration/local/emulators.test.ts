import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { storeDelivery, tables } from '../../../lambdas/platform/resources';
import {
  drainQueue,
  provisionForTest,
  type TestResources,
  testDynamodb,
  testSqs,
  waitFor,
} from '../../support/resources';

let resources: TestResources;
beforeAll(async () => {
  resources = await provisionForTest('emulators');
});

describe('the emulators and the provisioned resources', () => {
  it('create the tables with the keys, indexes and TTL of the shared definitions', async () => {
    for (const [name, definition] of Object.entries(tables)) {
      const tableName = resources.tables[name as keyof typeof tables];
      const { Table } = await testDynamodb.send(new DescribeTableCommand({ TableName: tableName }));
      expect(Table?.KeySchema?.[0]).toEqual({
        AttributeName: definition.partitionKey.name,
        KeyType: 'HASH',
      });
      expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(
        definition.indexes.map((index) => index.indexName).sort(),
      );
      const ttl = await testDynamodb.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
      expect(ttl.TimeToLiveDescription?.AttributeName).toBe(definition.ttlAttribute);
    }
  });

  it('deliver a sent message and redrive to the DLQ after the receive count', async () => {
    const { eventsQueueUrl, dlqUrl } = resources.queues;
    const attributes = await testSqs.send(
      new GetQueueAttributesCommand({ QueueUrl: eventsQueueUrl, AttributeNames: ['All'] }),
    );
    expect(JSON.parse(attributes.Attributes?.RedrivePolicy ?? '{}')).toMatchObject({
      maxReceiveCount: storeDelivery.maxReceiveCount,
    });
    await testSqs.send(new SendMessageCommand({ QueueUrl: eventsQueueUrl, MessageBody: 'poison' }));
    for (let receive = 0; receive < storeDelivery.maxReceiveCount; receive++) {
      const { Messages = [] } = await testSqs.send(
        new ReceiveMessageCommand({
          QueueUrl: eventsQueueUrl,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 1,
        }),
      );
      expect(Messages.map((message) => message.Body)).toEqual(['poison']);
    }
    const inDlq = await waitFor(
      async () => {
        await testSqs.send(
          new ReceiveMessageCommand({ QueueUrl: eventsQueueUrl, VisibilityTimeout: 0 }),
        );
        const drained = await drainQueue(dlqUrl);
        return drained.length > 0 && drained;
      },
      { what: 'the message in the DLQ' },
    );
    expect(inDlq.map((message) => message.Body)).toEqual(['poison']);
  });
});
