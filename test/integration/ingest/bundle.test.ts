/**
 * The ingest bundle as deployed, where zod is set up only when an event is first refused
 * (lambdas/platform/zod-on-first-use.ts): a refused event is still answered 422 with zod's
 * wording of each bad field and kept in quarantine, and a valid one is still queued.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { TEST_TOKEN } from '../../support/ingest-api';
import { drainQueue, provisionForTest, type TestResources } from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

let resources: TestResources;
let child: ChildProcess;
let url: string;

beforeAll(async () => {
  resources = await provisionForTest('bundle');
  child = spawn(
    process.execPath,
    ['--import', 'tsx', join(__dirname, '..', '..', 'support', 'bundled-ingest-api.ts')],
    {
      env: {
        ...process.env,
        EVENTS_QUEUE_URL: resources.queues.eventsQueueUrl,
        QUARANTINE_QUEUE_URL: resources.queues.quarantineQueueUrl,
        WEBHOOK_TOKEN: TEST_TOKEN,
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  [url] = (await once(lines, 'line')) as [string];
}, 60_000);
afterAll(() => child?.kill());

const post = (event: Record<string, unknown>) =>
  fetch(`${url}/v1/agent-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-token': TEST_TOKEN },
    body: JSON.stringify(event),
  });

describe('the deployed ingest bundle', () => {
  it('words every bad field of a refused event with zod and keeps the request', async () => {
    const refused = { ...vendorEvent('login'), agent_id: 'has spaces', date_time: 'yesterday' };
    const response = await post(refused);
    expect(response.status).toBe(422);
    const { issues } = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(issues).toEqual([
      { path: 'agent_id', message: 'must be an id: 1-128 characters, no spaces' },
      { path: 'date_time', message: 'must be a date and time like "2020-06-30 19:44:30"' },
    ]);
    const [kept] = await drainQueue(resources.queues.quarantineQueueUrl);
    expect(JSON.parse(kept?.Body ?? '{}')).toMatchObject({ status: 422 });
  });

  it('still queues a valid event', async () => {
    const response = await post(vendorEvent('login'));
    expect(response.status).toBe(202);
    const queued = await drainQueue(resources.queues.eventsQueueUrl);
    expect(queued.map((message) => JSON.parse(message.Body ?? '{}').kind)).toEqual(['agent.login']);
  });
});
