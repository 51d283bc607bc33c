import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { WriteClock } from '../../../lambdas/platform/dynamodb/retention';
import {
  SessionTable,
  SessionWriteUnsettled,
} from '../../../lambdas/platform/dynamodb/session-table';
import { type SessionEvent, sessionUpdateOf } from '../../../lambdas/sessions/session-update';
import { vendorStateEvents } from '../../support/scenarios';

const [event] = vendorStateEvents() as SessionEvent[];
const update = sessionUpdateOf(event as SessionEvent);

/**
 * A DynamoDB client that holds no session and refuses every write's condition, answering with
 * the (empty) item it met: exactly what the writes see when the local order check and the
 * condition disagree, since by the local check nothing of the update is done.
 */
function disagreeingDb() {
  const sent: string[] = [];
  const db = {
    send: async (command: unknown) => {
      if (command instanceof GetItemCommand) {
        sent.push('GetItem');
        return {};
      }
      if (command instanceof UpdateItemCommand) {
        sent.push('UpdateItem');
        throw new ConditionalCheckFailedException({
          message: 'The conditional request failed',
          $metadata: {},
          Item: {},
        });
      }
      throw new Error(`unexpected command ${String(command)}`);
    },
  };
  return { db: db as unknown as DynamoDBClient, sent };
}

describe('the sessions table', () => {
  it('fails the write after groups + 1 rounds, saying why, where it would spin forever', async () => {
    const { db, sent } = disagreeingDb();
    const table = new SessionTable(db, 'sessions', new WriteClock(400));
    const write = table.apply(update);
    await expect(write).rejects.toBeInstanceOf(SessionWriteUnsettled);
    await expect(write).rejects.toThrow(
      `session ${update.agentLoginId}: the write's condition failed ${update.groups.length + 1} times`,
    );
    expect(sent).toEqual(['GetItem', ...Array(update.groups.length + 1).fill('UpdateItem')]);
  });

  it('writes the order rule into the condition: each group while its marker is older', async () => {
    const sent: UpdateItemCommand[] = [];
    const db = {
      send: async (command: unknown) => {
        if (command instanceof UpdateItemCommand) sent.push(command);
        return {};
      },
    } as unknown as DynamoDBClient;
    await new SessionTable(db, 'sessions', new WriteClock(400)).apply(update);
    const { ConditionExpression } = sent[0]?.input ?? {};
    expect(
      ConditionExpression?.match(/attribute_not_exists\((#a\d+)\) OR \1 < :v\d+/g),
    ).toHaveLength(update.groups.length);
  });
});
