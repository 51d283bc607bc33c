/**
 * The ingest bundle as deployed (minified ESM, zod/mini inside): it queues a valid event, and
 * answers a refused one 422 with zod's wording of each bad field and keeps it in quarantine.
 */

import { type BundledIngest, startBundledIngest } from '../../support/bundled-ingest-api';
import { TEST_TOKEN } from '../../support/ingest-api';
import {
  drainQueue,
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
} from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

let resources: TestResources;
let ingest: BundledIngest;

beforeAll(async () => {
  resources = await provisionForTest('bundle');
  ingest = await startBundledIngest({
    ...ingestQueueEnv(resources),
    WEBHOOK_TOKEN: TEST_TOKEN,
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
}, 60_000);
afterAll(() => ingest?.stop());

const post = (event: Record<string, unknown>) =>
  fetch(`${ingest.url}/v1/agent-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-webhook-token': TEST_TOKEN },
    body: JSON.stringify(event),
  });

describe('the deployed ingest bundle', () => {
  it('queues a valid event', async () => {
    const response = await post(vendorEvent('login'));
    expect(response.status).toBe(202);
    const queued = await drainQueue(resources.queues.eventsQueueUrl);
    expect(queued.map((message) => JSON.parse(message.Body ?? '{}').kind)).toEqual(['agent.login']);
  });

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
});
