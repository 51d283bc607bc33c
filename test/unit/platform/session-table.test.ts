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
import { inferredLogout } from '../../../lambdas/sessions/inferred-logout';
import {
  remainingUpdate,
  type SessionEvent,
  sessionUpdateOf,
} from '../../../lambdas/sessions/session-update';
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

  /** The condition of the write of `written` over the item `stored` (none by default). */
  const conditionOf = async (written: typeof update, stored?: Record<string, { S: string }>) => {
    const sent: UpdateItemCommand[] = [];
    const db = {
      send: async (command: unknown) => {
        if (command instanceof UpdateItemCommand) sent.push(command);
        return command instanceof GetItemCommand && stored !== undefined ? { Item: stored } : {};
      },
    } as unknown as DynamoDBClient;
    await new SessionTable(db, 'sessions', new WriteClock(400)).apply(written);
    const { ConditionExpression = '', ExpressionAttributeNames = {} } = sent[0]?.input ?? {};
    // Placeholders replaced by the attribute names they stand for.
    return ConditionExpression.replace(/#a\d+/g, (name) => ExpressionAttributeNames[name] ?? name);
  };

  it('writes the order rule into the condition: each group while its marker is older', async () => {
    // Over a new session a state event has nothing to reopen: its two other groups are written.
    const writable = remainingUpdate(update, {})?.groups ?? [];
    expect(writable.map((group) => group.marker)).toEqual(['stateKey', 'lastEventKey']);
    const condition = await conditionOf(update);
    expect(condition.match(/attribute_not_exists\((\w+)\) OR \1 < :v\d+/g)).toEqual([
      'attribute_not_exists(stateKey) OR stateKey < :v0',
      'attribute_not_exists(lastEventKey) OR lastEventKey < :v3',
    ]);
  });

  it("writes an inferred logout's requirements into the condition: no LOGOUT, a last event, no newer one", async () => {
    const session = {
      agentLoginId: event?.agentLoginId ?? '',
      accountId: '15300002',
      agentId: '1369310',
      status: 'LOGGED_IN',
      lastEventAt: event?.occurredAt ?? '',
    };
    const inference = sessionUpdateOf(inferredLogout(session, 'stale', new Date()));
    // Over no item at all nothing is written: an inferred logout never creates a session.
    expect(await conditionOf(inference)).toBe('');
    const condition = await conditionOf(inference, {
      agentLoginId: { S: session.agentLoginId },
      lastEventKey: { S: '2000-01-01T00:00:00.000Z#20#0' },
    });
    expect(condition).toContain('attribute_not_exists(logoutKey)');
    expect(condition).toContain('attribute_exists(lastEventKey)');
    expect(condition).toMatch(/attribute_not_exists\(lastEventKey\) OR lastEventKey < :v\d+/);
    expect(condition).toMatch(
      /attribute_not_exists\(inferredLogoutKey\) OR inferredLogoutKey < :v\d+/,
    );
  });
});
