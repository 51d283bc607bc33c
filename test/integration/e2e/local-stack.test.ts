import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { CALLS_WITHOUT_DAY_NOTE, WHOLE_TABLE_SCAN_NOTE } from '../../../bin/cli/agent-calls';
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

const root = join(__dirname, '..', '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
/** The local credential, from the environment as a user would give it. */
const withToken = (): NodeJS.ProcessEnv => ({ WEBHOOK_TOKEN: stack.endpoints.token });

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** A child process's exit code, stdout and stderr, all kept: a failure shows why. */
function run(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return promisify(execFile)(file, args, {
    env: { ...process.env, WEBHOOK_TOKEN: undefined, ...env },
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Run) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

/** A tool (`bin/<name>.ts`) as `npm run <name>` runs it, against the test stack's emulators. */
const tool = (name: string, args: string[], env: NodeJS.ProcessEnv = {}) =>
  run(tsx, [join(root, 'bin', `${name}.ts`), ...args], env);

const shell = (command: string) => run('sh', ['-c', command], {});

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

  it('replays the quarantine and the DLQ: each request refused again kept once, with why', async () => {
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
    const stillBad = { ...record, requestId: 'r-2', body: '{broken' };
    for (const message of [record, stillBad]) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.endpoints.sqs.quarantineQueueUrl,
          MessageBody: JSON.stringify(message),
        }),
      );
    }
    const quarantine = ['--queue-url', stack.endpoints.sqs.quarantineQueueUrl];
    const inspectQuarantine = async () => {
      const listed = await tool('inspect', ['quarantine', ...quarantine]);
      expect(listed).toMatchObject({ code: 0 });
      return JSON.parse(listed.stdout) as { record: { requestId: string; body: string } }[];
    };
    // Read without replaying: visible again at once, as the replays below find them.
    expect((await inspectQuarantine()).map((item) => item.record.requestId).sort()).toEqual([
      'r-1',
      'r-2',
    ]);

    const replay = (source: string, args: string[], env = withToken()) =>
      tool('replay', [source, '--url', stack.endpoints.apiUrl, ...args], env);
    // A wrong credential: an error of the command, nothing deleted (both are replayed below).
    expect(await replay('quarantine', quarantine, { WEBHOOK_TOKEN: 'wrong' })).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('refused the credential (401)'),
    });
    // (A URL that is not the API is refused before anything is read: unit-tested.)
    const fromQuarantine = await replay('quarantine', quarantine);
    expect(fromQuarantine).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('replayed 1, refused again 1, skipped 0'),
    });
    // Why, from the endpoint's answer: the reason and where the JSON broke.
    expect(fromQuarantine.stdout).toMatch(
      /request r-2 .*: 400 malformed JSON body; .*\(line 1 column 2\)/,
    );
    // Exactly one record per request refused again: the endpoint's new one, naming its origin.
    const left = await inspectQuarantine();
    expect(left).toHaveLength(1);
    expect(left[0]?.record).toMatchObject({
      body: '{broken',
      headers: expect.objectContaining({ 'x-replay-of': 'r-2' }),
    });
    // Run after run, still one.
    const again = await replay('quarantine', quarantine);
    expect(again).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('replayed 0, refused again 1, skipped 0'),
    });
    expect(await inspectQuarantine()).toHaveLength(1);
    await drainQueue(stack.endpoints.sqs.quarantineQueueUrl, stack.sqs);

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
    const dlq = ['--queue-url', stack.endpoints.sqs.dlqUrl];
    const listed = await tool('inspect', ['dlq', ...dlq]);
    expect(listed).toMatchObject({ code: 0 });
    expect(JSON.parse(listed.stdout)).toEqual([
      expect.objectContaining({ envelope, receiveCount: expect.any(Number) }),
    ]);
    // The deprecated --token still works, and says to use the environment instead.
    const fromDlq = await replay('dlq', [...dlq, '--token', stack.endpoints.token], {});
    expect(fromDlq).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('replayed 1, refused again 0, skipped 0'),
      stderr: expect.stringContaining('--token is deprecated'),
    });
    expect(await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs)).toHaveLength(0);
    await drained();
  }, 240_000);

  it('sends and, with --wait, says when everything sent is stored', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'send-')), 'events.ndjson');
    const login = { ...vendorEvent('login'), agent_login_id: '700000901' };
    const available = {
      ...vendorEvent('state-1-login-to-available'),
      agent_login_id: '700000901',
    };
    writeFileSync(file, `${JSON.stringify(login)}\n${JSON.stringify(available)}\n`);
    const sent = await tool(
      'send',
      [
        file,
        ...['--url', stack.endpoints.apiUrl, '--wait'],
        ...['--queue-url', stack.endpoints.sqs.eventsQueueUrl],
        ...['--dlq-url', stack.endpoints.sqs.dlqUrl],
      ],
      withToken(),
    );
    expect(sent).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(
        /accepted: 2\n[\s\S]*stored: the store has caught up with the 2 accepted event\(s\)[\s\S]*0 went to the DLQ/,
      ),
    });
    // Stored when it said so, not later.
    const { Item } = await stack.dynamodb.send(
      new GetItemCommand({
        TableName: stack.endpoints.dynamodb.tables.sessions,
        Key: { agentLoginId: { S: '700000901' } },
        ConsistentRead: true,
      }),
    );
    expect(Item).toBeDefined();
  }, 120_000);

  it('inspects everything, piped, in time ranges, by agent id alone; bad flags exit 2', async () => {
    const tables = stack.endpoints.dynamodb.tables;
    // A slow reader behind a pipe: the output (far over the pipe's 64 KiB) comes out whole.
    const piped = await shell(
      `${tsx} ${join(root, 'bin', 'inspect.ts')} calls --table ${tables.calls} | (sleep 1; cat)`,
    );
    expect(piped.stdout.length).toBeGreaterThan(65_536);
    const everyCall = JSON.parse(piped.stdout) as { callId: string; callStart: string }[];
    expect(everyCall).toHaveLength((await scan('calls')).length);
    expect(everyCall.length).toBeGreaterThan(100);

    const inspect = (args: string[]) => tool('inspect', args);
    const states = async (args: string[]) => {
      const result = await inspect(['states', '612860724', '--table', tables.states, ...args]);
      expect(result).toMatchObject({ code: 0 });
      return JSON.parse(result.stdout) as { occurredAt: string }[];
    };
    const timeline = await states([]);
    expect(timeline.length).toBeGreaterThan(100);
    const from = timeline[40]?.occurredAt as string;
    const to = timeline[80]?.occurredAt as string;
    expect(await states(['--from', from, '--to', to])).toEqual(
      timeline.filter((row) => row.occurredAt >= from && row.occurredAt <= to),
    );

    const byAgent = async (agent: string, range: string[] = []) => {
      const result = await inspect(['calls', '--agent', agent, '--table', tables.calls, ...range]);
      expect(result).toMatchObject({ code: 0 });
      // Each way says what it reads: by day, what it cannot see; without --from, the scan.
      expect(result.stderr).toContain(
        range.includes('--from') ? CALLS_WITHOUT_DAY_NOTE : WHOLE_TABLE_SCAN_NOTE,
      );
      return JSON.parse(result.stdout) as { callId: string; callStart: string }[];
    };
    // The calls the agent handled (not those they only listened in on), by start.
    const handled = (await scan('calls'))
      .filter((call) => call.agentId === '1369310')
      .sort((a, b) => String(a.callStart).localeCompare(String(b.callStart)));
    const alone = await byAgent('1369310');
    expect(alone.length).toBeGreaterThan(0);
    expect(alone.map((call) => call.callId)).toEqual(handled.map((call) => call.callId));
    expect(alone).toEqual(await byAgent('15300002#1369310'));
    // --from reads day by day (the byDay index): the same calls within the range.
    const [first, second, ...later] = alone;
    const last = later.at(-1) ?? second ?? first;
    expect(
      await byAgent('1369310', [
        '--from',
        String(second?.callStart),
        '--to',
        String(last?.callStart),
      ]),
    ).toEqual(alone.slice(1, alone.indexOf(last as (typeof alone)[number]) + 1));
    // --limit both ways: the first calls by start.
    expect(await byAgent('1369310', ['--limit', '1'])).toEqual([first]);
    expect(
      await byAgent('1369310', [
        '--from',
        String(first?.callStart),
        '--to',
        String(last?.callStart),
        '--limit',
        '1',
      ]),
    ).toEqual([first]);

    expect(await inspect(['states', '612860724', '--limit', 'abc'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--limit must be a whole number of at least 1, got "abc"'),
    });
    expect(await inspect(['calls', '--from', 'yesterday'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from must be an ISO-8601 time'),
    });
  }, 180_000);
});
