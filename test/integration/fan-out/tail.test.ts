import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { ListSubscriptionsByTopicCommand } from '@aws-sdk/client-sns';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { tailLine } from '../../../bin/cli/tail-line';
import type { LocalApi } from '../../../bin/local/api-gateway';
import { envelopeOf } from '../../support/contract';
import { startIngestApi, TEST_TOKEN } from '../../support/ingest-api';
import {
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
  testSns,
  testSqs,
  waitFor,
} from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

const ROOT = join(__dirname, '..', '..', '..');
const EXAMPLES = [
  'login',
  'state-1-login-to-available',
  'state-2-available-aux',
  'state-3-transition',
  'state-4-engaged',
  'call-inbound-answered',
  'logout',
];

interface Tail {
  child: ChildProcess;
  stdout: string[];
  stderr: string[];
  queueUrl: string;
}

/** `npm run tail` as a user runs it against a deployed topic (the SDK's usual settings). */
async function startTail(args: string[]): Promise<Tail> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'bin', 'tail.ts'), ...args],
    {
      cwd: ROOT,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const tail: Tail = { child, stdout: [], stderr: [], queueUrl: '' };
  const lines = (into: string[]) => (chunk: Buffer) =>
    into.push(
      ...chunk
        .toString()
        .split('\n')
        .filter((line) => line !== ''),
    );
  child.stdout?.on('data', lines(tail.stdout));
  child.stderr?.on('data', lines(tail.stderr));
  const ready = await waitFor(async () => tail.stderr.find((line) => line.startsWith('tailing ')), {
    timeoutMs: 30_000,
    what: 'npm run tail to subscribe',
  });
  tail.queueUrl = /through (\S+);/.exec(ready)?.[1] ?? '';
  return tail;
}

let resources: TestResources;
let api: LocalApi;
beforeAll(async () => {
  resources = await provisionForTest('tail');
  api = await startIngestApi(ingestQueueEnv(resources));
});
afterAll(() => api.close());

describe('npm run tail', () => {
  it('prints each event published, filtered or as JSON, and removes its queue and subscription on Ctrl-C', async () => {
    const topicArn = resources.fanOut.eventsTopicArn;
    const states = await startTail(['--topic-arn', topicArn, '--kind', 'agent.state']);
    const everything = await startTail(['--topic-arn', topicArn, '--json']);
    // A quiet topic for longer than a request may take: the tails wait on (long polling).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect([states.child.exitCode, everything.child.exitCode]).toEqual([null, null]);

    const accepted: string[] = [];
    for (const name of EXAMPLES) {
      const response = await fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { 'x-webhook-token': TEST_TOKEN, 'content-type': 'application/json' },
        body: JSON.stringify(vendorEvent(name)),
      });
      expect(response.status).toBe(202);
      accepted.push(
        ((await response.json()) as { accepted: { eventId: string }[] }).accepted[0]?.eventId ?? '',
      );
    }
    await waitFor(
      async () => everything.stdout.length >= EXAMPLES.length && states.stdout.length >= 4,
      {
        what: 'the tails to print every event',
      },
    );

    // One readable line per state event: the agent's state change, as published.
    const expectedLines = EXAMPLES.filter((name) => name.startsWith('state-')).map((name) =>
      tailLine(envelopeOf(vendorEvent(name))),
    );
    expect([...states.stdout].sort()).toEqual([...expectedLines].sort());
    expect(states.stdout.some((line) => line.includes('TRANSITION -> ENGAGED'))).toBe(true);
    // The whole envelope of every event with --json.
    const envelopes = everything.stdout.map((line) => JSON.parse(line));
    expect(envelopes.map((envelope) => envelope.eventId).sort()).toEqual([...accepted].sort());

    for (const tail of [states, everything]) {
      const exited = once(tail.child, 'exit');
      tail.child.kill('SIGINT');
      expect(await exited).toEqual([0, null]);
      expect(tail.stderr).toContain('removed the subscription and the queue');
      await expect(
        testSqs.send(
          new GetQueueAttributesCommand({ QueueUrl: tail.queueUrl, AttributeNames: ['QueueArn'] }),
        ),
      ).rejects.toThrow();
    }
    const { Subscriptions = [] } = await testSns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: topicArn }),
    );
    // Only the store's queue is left subscribed.
    expect(Subscriptions.map((subscription) => subscription.Endpoint)).toEqual([
      expect.stringMatching(/engage-wfm-events$/),
    ]);
  });
});
