/**
 * The credential as deployed: a Secrets Manager secret read through the Parameters and Secrets
 * Lambda Extension, here a local HTTP server that answers as the extension does. While a
 * rotation is under way the secret holds the new credential and `previous`: both get in, in
 * every form the sender can use, and nothing else does or is kept.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LocalApi } from '../../../bin/local/api-gateway';
import { startIngestApi } from '../../support/ingest-api';
import {
  drainQueue,
  ingestQueueEnv,
  provisionForTest,
  type TestResources,
} from '../../support/resources';
import { vendorEvent } from '../../support/vendor-fixtures';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:000000000000:secret:engage-wfm-webhook';
const SESSION_TOKEN = 'session-token-of-the-function';
const current = {
  token: 'rotated-token-0123456789abcdef',
  user: 'engage',
  password: 'new-password-1',
};
const previous = {
  token: 'original-token-0123456789abcd',
  user: 'engage-old',
  password: 'old-password-1',
};

let extension: Server;
let resources: TestResources;
let api: LocalApi;
const extensionRequests: { url?: string; token?: string | string[] }[] = [];

beforeAll(async () => {
  extension = createServer((request, response) => {
    extensionRequests.push({
      url: request.url,
      token: request.headers['x-aws-parameters-secrets-token'],
    });
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ SecretString: JSON.stringify({ ...current, previous }) }));
  });
  await new Promise<void>((resolve) => extension.listen(0, '127.0.0.1', resolve));
  resources = await provisionForTest('rotation');
  api = await startIngestApi({
    ...ingestQueueEnv(resources),
    CREDENTIAL_SECRET_ARN: SECRET_ARN,
    PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String((extension.address() as AddressInfo).port),
    AWS_SESSION_TOKEN: SESSION_TOKEN,
    // The secret is the only credential, as in AWS.
    WEBHOOK_TOKEN: '',
    WEBHOOK_USER: '',
    WEBHOOK_PASSWORD: '',
  });
});
afterAll(async () => {
  await api.close();
  await new Promise((resolve) => extension.close(resolve));
});

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function post(headers: Record<string, string>): Promise<number> {
  const response = await fetch(`${api.url}/v1/agent-events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(vendorEvent('login')),
  });
  await response.text();
  return response.status;
}

describe('the credential secret during a rotation', () => {
  it('lets both the new and the previous credential in, as token and as Basic', async () => {
    const accepted: Record<string, string>[] = [
      { 'x-webhook-token': current.token },
      { 'x-webhook-token': previous.token },
      { authorization: basic(current.user, current.password) },
      { authorization: basic(previous.user, previous.password) },
      { authorization: `Bearer ${previous.token}` },
    ];
    for (const headers of accepted) expect(await post(headers)).toBe(202);
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(accepted.length);
    // Asked once (then cached), by the secret's ARN, with the function's session token.
    expect(extensionRequests).toEqual([
      {
        url: `/secretsmanager/get?secretId=${encodeURIComponent(SECRET_ARN)}`,
        token: SESSION_TOKEN,
      },
    ]);
  });

  it('lets nothing else in and keeps nothing of what it refused', async () => {
    const refused: Record<string, string>[] = [
      {},
      { 'x-webhook-token': 'someone-elses-token-0123456789' },
      { 'x-webhook-token': previous.token.slice(0, -1) },
      { 'x-webhook-token': current.token.toUpperCase() },
      { authorization: basic(previous.user, current.password) },
      { authorization: basic(current.user, previous.password) },
      { authorization: `Token ${current.token}` },
    ];
    for (const headers of refused) expect([headers, await post(headers)]).toEqual([headers, 401]);
    expect(await drainQueue(resources.queues.eventsQueueUrl)).toHaveLength(0);
    expect(await drainQueue(resources.queues.quarantineQueueUrl)).toHaveLength(0);
  });
});
