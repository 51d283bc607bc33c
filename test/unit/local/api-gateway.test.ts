import { get } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { type LocalApi, startLocalApi } from '../../../bin/local/api-gateway';

let api: LocalApi;
const seen: APIGatewayProxyEventV2[] = [];

beforeAll(async () => {
  api = await startLocalApi(async (event) => {
    seen.push(event);
    if (event.rawQueryString.includes('explode')) throw new Error('secret internals');
    return { statusCode: 202, body: JSON.stringify({ ok: true }) };
  });
});
afterAll(() => api.close());
beforeEach(() => {
  seen.length = 0;
});

describe('the local API Gateway', () => {
  it('hands the function a payload-2.0 event with the route, query, headers and body', async () => {
    const response = await fetch(`${api.url}/v1/agent-events?a=1&b=x+y`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Webhook-Token': 't' },
      body: '{"event_type":"LOGIN"}',
    });
    expect(response.status).toBe(202);
    expect(seen[0]).toMatchObject({
      version: '2.0',
      routeKey: 'POST /v1/agent-events',
      rawPath: '/v1/agent-events',
      rawQueryString: 'a=1&b=x+y',
      queryStringParameters: { a: '1', b: 'x y' },
      headers: { 'content-type': 'application/json', 'x-webhook-token': 't' },
      body: '{"event_type":"LOGIN"}',
      isBase64Encoded: false,
      requestContext: { http: { method: 'POST', path: '/v1/agent-events' } },
    });
  });

  it('passes the query string exactly as sent, with its unencoded characters', async () => {
    const rawQuery = `name=O'Brien&note="late"&empty=&flag`;
    await new Promise<void>((resolve, reject) => {
      // A path, not a URL: URL parsing (here or in fetch) would encode the quotes first.
      const { hostname, port } = new URL(api.url);
      get({ hostname, port, path: `/v1/events?${rawQuery}` }, (response) =>
        response.resume().on('end', resolve),
      ).on('error', reject);
    });
    expect(seen[0]).toMatchObject({
      rawQueryString: rawQuery,
      queryStringParameters: { name: "O'Brien", note: '"late"', empty: '', flag: '' },
    });
  });

  it('passes bytes that are not UTF-8 as base64', async () => {
    await fetch(`${api.url}/v1/events`, { method: 'POST', body: new Uint8Array([0xff, 0x00]) });
    expect(seen[0]).toMatchObject({
      isBase64Encoded: true,
      body: Buffer.from([0xff, 0]).toString('base64'),
    });
  });

  it('answers unknown routes itself, without calling the function', async () => {
    const response = await fetch(`${api.url}/v1/nothing`, { method: 'POST' });
    expect(response.status).toBe(404);
    expect((await fetch(`${api.url}/v1/health`, { method: 'DELETE' })).status).toBe(404);
    expect(seen).toHaveLength(0);
  });

  it('turns a function crash into a bare 500 that leaks nothing', async () => {
    const response = await fetch(`${api.url}/v1/events?explode=1`);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain('secret');
  });
});

describe('the local API Gateway with the read function', () => {
  let both: LocalApi;
  const reads: APIGatewayProxyEventV2[] = [];
  beforeAll(async () => {
    both = await startLocalApi({
      ingest: async () => ({ statusCode: 202, body: '{}' }),
      read: async (event) => {
        reads.push(event);
        return { statusCode: 200, body: '{}' };
      },
    });
  });
  afterAll(() => both.close());

  it('routes the read paths to it, with the route key and the path parameters as API Gateway gives them', async () => {
    expect((await fetch(`${both.url}/v1/agents?includeStale=true`)).status).toBe(200);
    expect((await fetch(`${both.url}/v1/agents/612%20829`)).status).toBe(200);
    expect((await fetch(`${both.url}/v1/queues/72992/calls?from=x`)).status).toBe(200);
    expect((await fetch(`${both.url}/board`)).status).toBe(200);
    expect(reads.map(({ routeKey, pathParameters }) => ({ routeKey, pathParameters }))).toEqual([
      { routeKey: 'GET /v1/agents', pathParameters: undefined },
      { routeKey: 'GET /v1/agents/{agentLoginId}', pathParameters: { agentLoginId: '612 829' } },
      { routeKey: 'GET /v1/queues/{gateId}/calls', pathParameters: { gateId: '72992' } },
      { routeKey: 'GET /board', pathParameters: undefined },
    ]);
  });

  it('answers paths that fit no route itself: an empty parameter, extra segments, other methods', async () => {
    const before = reads.length;
    for (const path of ['/v1/agents/', '/v1/agents/1/2', '/v1/queues//calls', '/v1/calls']) {
      expect({ path, status: (await fetch(`${both.url}${path}`)).status }).toEqual({
        path,
        status: 404,
      });
    }
    expect((await fetch(`${both.url}/v1/agents`, { method: 'POST' })).status).toBe(404);
    expect(reads).toHaveLength(before);
  });
});
