import type {
  BatchGetItemCommand,
  BatchGetItemCommandOutput,
  DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { batchGetItems, type Key } from '../../../lambdas/platform/dynamodb/batch-get';

/** A table of `ids` that leaves some keys unprocessed, as DynamoDB may under load. */
function fakeTable(ids: number[], unprocessedRounds: number) {
  const requests: string[][] = [];
  let rounds = 0;
  const send = async (
    command: BatchGetItemCommand,
  ): Promise<Partial<BatchGetItemCommandOutput>> => {
    const keys = command.input.RequestItems?.t?.Keys ?? [];
    const asked = keys.map((key) => String(key.id?.S));
    requests.push(asked);
    const leftOver = rounds++ < unprocessedRounds ? asked.slice(0, 2) : [];
    const answered = asked.filter((id) => !leftOver.includes(id) && ids.includes(Number(id)));
    return {
      Responses: { t: answered.map((id) => ({ id: { S: id } })) },
      UnprocessedKeys:
        leftOver.length === 0
          ? {}
          : {
              t: {
                ...command.input.RequestItems?.t,
                Keys: leftOver.map((id) => ({ id: { S: id } })),
              },
            },
    };
  };
  return { client: { send } as unknown as DynamoDBClient, requests };
}

const keysOf = (count: number): Key[] =>
  Array.from({ length: count }, (_, index) => ({ id: { S: String(index) } }));

describe('batchGetItems', () => {
  it('asks 100 keys per request and returns the items that exist', async () => {
    const table = fakeTable([0, 99, 100, 249], 0);
    const items = await batchGetItems(table.client, 't', [...keysOf(250), { id: { S: '999' } }]);
    expect(table.requests.map((asked) => asked.length)).toEqual([100, 100, 51]);
    expect(items.map((item) => item.id).sort()).toEqual(['0', '100', '249', '99']);
  });

  it('asks again for the keys left unprocessed, only those, until none is left', async () => {
    const table = fakeTable([0, 1, 2], 2);
    const items = await batchGetItems(table.client, 't', keysOf(3), ['id']);
    expect(table.requests).toEqual([
      ['0', '1', '2'],
      ['0', '1'],
      ['0', '1'],
    ]);
    expect(items.map((item) => item.id).sort()).toEqual(['0', '1', '2']);
  });

  it('fails rather than answer with sessions missing, when keys stay unprocessed', async () => {
    const table = fakeTable([0, 1, 2], 100);
    await expect(batchGetItems(table.client, 't', keysOf(3))).rejects.toThrow(
      't: keys still unprocessed after 6 BatchGetItem rounds',
    );
  });
});
