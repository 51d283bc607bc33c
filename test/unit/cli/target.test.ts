import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { awsRegion, regionOf } from '../../../bin/cli/aws';
import { UsageError } from '../../../bin/cli/command';
import {
  apiTarget,
  baseUrl,
  checkApi,
  commandErrorOf,
  TOKEN_FLAG_DEPRECATION,
} from '../../../bin/cli/target';

const local = join(mkdtempSync(join(tmpdir(), 'endpoints-')), 'endpoints.json');
writeFileSync(local, JSON.stringify({ apiUrl: 'http://127.0.0.1:3000', token: 'local-token' }));
const missing = join(tmpdir(), 'no-such-dir', 'endpoints.json');

describe('where the tools send, and with which credential', () => {
  it('takes --url as the base URL and says so when given an event URL', () => {
    const api = 'https://abc123.execute-api.eu-west-1.amazonaws.com';
    expect(baseUrl(api)).toBe(api);
    expect(baseUrl(`${api}/`)).toBe(api);
    expect(() => baseUrl(`${api}/v1/agent-events`)).toThrow(
      /takes the API's base URL \(the stack output ApiUrl/,
    );
    expect(() => baseUrl('abc123.execute-api')).toThrow(UsageError);
    expect(() => baseUrl(`${api}?token=x`)).toThrow(UsageError);
  });

  it('reads the token from WEBHOOK_TOKEN, else the local stack, and never asks npm to echo it', async () => {
    const warnings: string[] = [];
    const warn = (message: string) => warnings.push(message);
    expect(await apiTarget({}, { WEBHOOK_TOKEN: 'from-env' }, warn, local)).toMatchObject({
      apiUrl: 'http://127.0.0.1:3000',
      token: 'from-env',
    });
    expect(await apiTarget({}, {}, warn, local)).toMatchObject({ token: 'local-token' });
    expect(
      await apiTarget({ url: 'https://api.example.com' }, { WEBHOOK_TOKEN: 't' }, warn, missing),
    ).toEqual({ apiUrl: 'https://api.example.com', token: 't', local: undefined });
    expect(warnings).toEqual([]);
    // A deployed API without a credential: no guess, a clear refusal.
    await expect(apiTarget({ url: 'https://api.example.com' }, {}, warn, missing)).rejects.toThrow(
      /No credential for https:\/\/api\.example\.com: set WEBHOOK_TOKEN, or give --secret-arn/,
    );
  });

  it('still takes the deprecated --token, with a warning that names the environment', async () => {
    const warnings: string[] = [];
    const target = await apiTarget(
      { url: 'https://api.example.com', token: 'flag-token' },
      { WEBHOOK_TOKEN: 'from-env' },
      (message) => warnings.push(message),
      missing,
    );
    expect(target.token).toBe('flag-token');
    expect(warnings).toEqual([TOKEN_FLAG_DEPRECATION]);
    expect(TOKEN_FLAG_DEPRECATION).toMatch(/--token is deprecated.*set WEBHOOK_TOKEN/);
  });

  it('checks the URL is the API before anything is sent or read', async () => {
    const server = createServer((request, response) => {
      response.writeHead(request.url === '/v1/health' ? 404 : 200).end('{"status":"ok"}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await expect(checkApi(url)).rejects.toThrow(
        `${url} is not an engage-wfm-forwarder API (GET /v1/health answered 404)`,
      );
    } finally {
      server.closeAllConnections();
      server.close();
    }
    await expect(checkApi(url)).rejects.toThrow(`${url} cannot be reached`);
  });

  it('treats a wrong credential or route as an error of the command, not of the request', () => {
    expect(commandErrorOf(401, 'https://x')).toMatch(/refused the credential \(401\)/);
    expect(commandErrorOf(403, 'https://x')).toMatch(/refused the credential/);
    expect(commandErrorOf(404, 'https://x')).toMatch(/no such route \(404\).*ApiUrl/);
    for (const status of [202, 400, 413, 422, 503]) {
      expect(commandErrorOf(status, 'https://x')).toBeUndefined();
    }
  });
});

describe('the AWS region', () => {
  it('is the one a queue URL or ARN names', async () => {
    expect(regionOf('arn:aws:secretsmanager:eu-west-1:123456789012:secret:x')).toBe('eu-west-1');
    expect(regionOf('https://sqs.ap-south-2.amazonaws.com/123456789012/q')).toBe('ap-south-2');
    expect(regionOf('http://127.0.0.1:4566/000000000000/q')).toBeUndefined();
    expect(await awsRegion('https://sqs.ca-west-1.amazonaws.com/123456789012/q')).toBe('ca-west-1');
  });

  it('else comes from the usual AWS settings, or a clear message says how to set it', async () => {
    const saved = { ...process.env };
    const empty = join(mkdtempSync(join(tmpdir(), 'aws-')), 'none');
    writeFileSync(empty, '');
    try {
      for (const name of ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_PROFILE'])
        delete process.env[name];
      Object.assign(process.env, { AWS_CONFIG_FILE: empty, AWS_SHARED_CREDENTIALS_FILE: empty });
      await expect(awsRegion()).rejects.toThrow(
        /^No AWS region: set AWS_REGION \(or AWS_DEFAULT_REGION\), or a region in your AWS profile/,
      );
      process.env.AWS_REGION = 'eu-south-2';
      expect(await awsRegion()).toBe('eu-south-2');
    } finally {
      process.env = saved;
    }
  });
});
