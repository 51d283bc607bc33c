/**
 * Prints what the store wrote, as JSON, for people and scripts (`npm run inspect -- ...`):
 *   session <agentLoginId>        one session
 *   states <agentLoginId>         its state timeline, in order
 *   calls [--queue <gateId>] [--agent <accountId#agentId>] [--limit N]
 * Reads the local stack's tables by default (.local/endpoints.json).
 */

import { parseArgs } from 'node:util';
import {
  type AttributeValue,
  DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/client-dynamodb';
import { fromAttributeMap } from '../lambdas/platform/dynamodb/item-mapping';
import { tables } from '../lambdas/platform/resources';
import { readLocalEndpoints } from './cli/endpoints';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local/emulators';

const USAGE = `usage: npm run inspect -- session <agentLoginId>
       npm run inspect -- states <agentLoginId>
       npm run inspect -- calls [--queue <gateId>] [--agent <accountId#agentId>] [--limit N]`;

type Rows = Record<string, AttributeValue>[];

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      agent: { type: 'string' },
      limit: { type: 'string', default: '100' },
    },
  });
  const [what, key] = positionals;
  const local = readLocalEndpoints();
  const db = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: local.dynamodb.endpoint,
  });
  const names = local.dynamodb.tables;
  const limit = Number(values.limit);
  const print = (rows: Rows) => console.log(JSON.stringify(rows.map(fromAttributeMap), null, 2));

  if (what === 'session' && key) {
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: names.sessions,
        Key: { [tables.sessions.partitionKey.name]: { S: key } },
        ConsistentRead: true,
      }),
    );
    if (Item === undefined) {
      console.error(`no session ${key}`);
      return 1;
    }
    console.log(JSON.stringify(fromAttributeMap(Item), null, 2));
    return 0;
  }
  if (what === 'states' && key) {
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: names.states,
        KeyConditionExpression: '#pk = :key',
        ExpressionAttributeNames: { '#pk': tables.states.partitionKey.name },
        ExpressionAttributeValues: { ':key': { S: key } },
        Limit: limit,
      }),
    );
    print(Items);
    return 0;
  }
  if (what === 'calls') {
    const byName = (name: string) => tables.calls.indexes.find((index) => index.indexName === name);
    const index = values.queue
      ? { definition: byName('byQueue'), value: values.queue }
      : values.agent
        ? { definition: byName('byAgent'), value: values.agent }
        : undefined;
    if (index?.definition === undefined) {
      const { Items = [] } = await db.send(
        new ScanCommand({ TableName: names.calls, Limit: limit }),
      );
      print(Items);
      return 0;
    }
    const { Items = [] } = await db.send(
      new QueryCommand({
        TableName: names.calls,
        IndexName: index.definition.indexName,
        KeyConditionExpression: '#pk = :value',
        ExpressionAttributeNames: { '#pk': index.definition.partitionKey.name },
        ExpressionAttributeValues: { ':value': { S: index.value } },
        Limit: limit,
      }),
    );
    print(Items);
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
