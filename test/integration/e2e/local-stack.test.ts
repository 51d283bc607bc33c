import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { deliver, routeFor, type SendEncoding } from '../../../bin/cli/sender';
import type { LocalStack } from '../../../bin/local/stack';
import { fromAttributeMap } from '../../../lambdas/platform/dynamodb/item-mapping';
import { sampleDay } from '../../../samples/sample-day';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';
import { drainQueue, waitFor } from '../../support/resources';
import { scanAll } from '../../support/store-tables';
import { VENDOR_FIXTURES_DIR, vendorEvent } from '../../support/vendor-fixtures';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

async function post(events: Record<string, unknown>[], encoding: (index: number) => SendEncoding) {
  const statuses: number[] = [];
  for (const [index, event] of events.entries()) {
    const { status } = await deliver(
      stack.endpoints.apiUrl,
      routeFor(event),
      stack.endpoints.token,
      event,
      encoding(index),
    );
    statuses.push(status);
  }
  return statuses;
}

const drained = () => waitUntilDrained(stack);

const scan = (
  table: keyof LocalStack['endpoints']['dynamodb']['tables'],
): Promise<Record<string, unknown>[]> =>
  scanAll(stack.endpoints.dynamodb.tables[table], stack.dynamodb);

describe('the local stack, end to end', () => {
  it('stores the vendor state examples, sent out of order, as one ENGAGED session', async () => {
    const names = [
      'state-4-engaged',
      'state-2-available-aux',
      'state-1-login-to-available',
      'state-3-transition',
    ];
    const statuses = await post(
      names.map((name) => vendorEvent(name)),
      (index) => (index % 2 === 0 ? 'query' : 'json'),
    );
    expect(statuses).toEqual([202, 202, 202, 202]);
    await drained();
    const { Item } = await stack.dynamodb.send(
      new GetItemCommand({
        TableName: stack.endpoints.dynamodb.tables.sessions,
        Key: { agentLoginId: { S: '612829048' } },
      }),
    );
    expect(fromAttributeMap(Item ?? {})).toMatchObject({
      currentState: 'ENGAGED',
      currentCallId: '202008281319380132120000030797',
      status: 'LOGGED_IN',
    });
    const { Items = [] } = await stack.dynamodb.send(
      new QueryCommand({
        TableName: stack.endpoints.dynamodb.tables.states,
        KeyConditionExpression: 'agentLoginId = :id',
        ExpressionAttributeValues: { ':id': { S: '612829048' } },
      }),
    );
    expect(Items.map(fromAttributeMap).map((row) => row.state)).toEqual([
      'AVAILABLE',
      'AVAILABLE',
      'TRANSITION',
      'ENGAGED',
    ]);
  });

  it('stores a whole sample day sent in both encodings: every session closed, every call kept', async () => {
    const day = sampleDay();
    const statuses = await post(day, (index) => (index % 2 === 0 ? 'json' : 'query'));
    expect(statuses.every((status) => status === 202)).toBe(true);
    await drained();

    const logins = new Set(
      day
        .filter((event) => event.event_type === 'LOGIN' && !event.prev_state)
        .map((event) => event.agent_login_id),
    );
    const sessions = await scan('sessions');
    const daySessions = sessions.filter((session) => logins.has(session.agentLoginId));
    expect(daySessions).toHaveLength(logins.size);
    expect(daySessions.every((session) => session.status === 'LOGGED_OUT')).toBe(true);

    const endedCalls = new Set(
      day.filter((event) => event.call_state !== undefined).map((event) => event.call_id),
    );
    const calls = await scan('calls');
    const callIds = new Set(calls.map((call) => call.callId));
    for (const callId of endedCalls) expect(callIds.has(callId)).toBe(true);
    expect(await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs)).toHaveLength(0);
    expect(await drainQueue(stack.endpoints.sqs.quarantineQueueUrl, stack.sqs)).toHaveLength(0);
    // 2,476 requests one after another: about a minute on a busy 2-core machine, so more time
    // than the project's default; the test checks what is stored, not how fast.
  }, 240_000);

  it('takes `curl -u engage:$TOKEN`: the Basic password is the token, as deployed', async () => {
    const { token, basicUser, basicPassword, apiUrl } = stack.endpoints;
    expect({ basicUser, basicPassword }).toEqual({ basicUser: 'engage', basicPassword: token });
    const curl = (user: string) =>
      promisify(execFile)('curl', [
        ...['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'POST'],
        ...['-u', user, '-H', 'content-type: application/json'],
        ...['--data', JSON.stringify(vendorEvent('login')), `${apiUrl}/v1/agent-events`],
      ]);
    expect((await curl(`engage:${token}`)).stdout).toBe('202');
    expect((await curl(`engage:${token}x`)).stdout).toBe('401');
    await drained();
  });

  it('keeps bad input in the quarantine and poison messages in the DLQ', async () => {
    const malformed = readFileSync(
      join(VENDOR_FIXTURES_DIR, 'state-3-transition.malformed.txt'),
      'utf8',
    );
    const response = await fetch(`${stack.endpoints.apiUrl}/v1/agent-events`, {
      method: 'POST',
      headers: { 'x-webhook-token': stack.endpoints.token, 'content-type': 'application/json' },
      body: malformed,
    });
    expect(response.status).toBe(400);
    const [oneToOne] = await post(
      [{ ...vendorEvent('call-inbound-answered'), event_type: 'ONE-TO-ONE' }],
      () => 'query',
    );
    expect(oneToOne).toBe(422);
    const quarantined = await drainQueue(stack.endpoints.sqs.quarantineQueueUrl, stack.sqs);
    expect(quarantined.map((message) => JSON.parse(message.Body ?? '').status).sort()).toEqual([
      400, 422,
    ]);

    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.endpoints.sqs.eventsQueueUrl,
        MessageBody: JSON.stringify({ schemaVersion: 99, kind: 'agent.login' }),
      }),
    );
    const dead = await waitFor(
      async () => {
        const messages = await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs);
        return messages.length > 0 && messages;
      },
      { timeoutMs: 45_000, what: 'the poison message in the DLQ' },
    );
    expect(JSON.parse(dead[0]?.Body ?? '')).toEqual({ schemaVersion: 99, kind: 'agent.login' });
  });

  it('replays the quarantine and the DLQ, deleting only what the endpoint accepted', async () => {
    const good = vendorEvent('logout');
    const record = {
      quarantineVersion: 1,
      reason: 'kept for replay',
      status: 422,
      issues: [],
      receivedAt: new Date().toISOString(),
      requestId: 'r-1',
      method: 'POST',
      route: '/v1/agent-events',
      rawQueryString: '',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(good),
      isBase64Encoded: false,
    };
    const stillBad = { ...record, body: '{broken' };
    for (const message of [record, stillBad]) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.endpoints.sqs.quarantineQueueUrl,
          MessageBody: JSON.stringify(message),
        }),
      );
    }
    const replay = (source: string, queueUrl: string) =>
      promisify(execFile)(
        join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx'),
        [
          join(__dirname, '..', '..', '..', 'bin', 'replay.ts'),
          source,
          '--url',
          stack.endpoints.apiUrl,
          '--token',
          stack.endpoints.token,
          '--queue-url',
          queueUrl,
        ],
        { env: process.env },
      ).catch((error: { stdout: string; code: number }) => error);
    const fromQuarantine = await replay('quarantine', stack.endpoints.sqs.quarantineQueueUrl);
    expect(fromQuarantine.stdout).toContain('replayed 1, refused again 1, skipped 0');
    // The refused request is left for an operator; the new 400 was kept as well.
    const left: Awaited<ReturnType<typeof drainQueue>> = [];
    await waitFor(
      async () => {
        left.push(...(await drainQueue(stack.endpoints.sqs.quarantineQueueUrl, stack.sqs)));
        return left.length >= 2;
      },
      { what: 'both refused copies in the quarantine' },
    );
    expect(left.map((message) => JSON.parse(message.Body ?? '').body)).toEqual([
      '{broken',
      '{broken',
    ]);

    const envelope = {
      schemaVersion: 1,
      raw: vendorEvent('login'),
      transport: { route: '/v1/agent-events' },
    };
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.endpoints.sqs.dlqUrl,
        MessageBody: JSON.stringify(envelope),
      }),
    );
    const fromDlq = await replay('dlq', stack.endpoints.sqs.dlqUrl);
    expect(fromDlq.stdout).toContain('replayed 1, refused again 0, skipped 0');
    expect(await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs)).toHaveLength(0);
    await drained();
  });
});
