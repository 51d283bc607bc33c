import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RingCxCredentials } from '../../lambdas/platform/ringcx/ringcx-credentials';

/**
 * What the fake answers for a sub-account's agent list: agents, or a failure (`hang`: no answer
 * until the fake closes; `drop`: the connection closed without an answer).
 */
export type FakeAgentList =
  | readonly { agentLoginId: number | string; agentId: number | string }[]
  | { readonly status: number; readonly body?: string }
  | 'hang'
  | 'drop';

export interface FakeRingCx {
  /** Base URL of both hosts (RingCentral's platform and RingCX). */
  readonly url: string;
  /** Credentials that the fake accepts, for the given sub-accounts. */
  credentials(subAccountIds: readonly string[]): RingCxCredentials;
  /** What each sub-account's list answers (an account without one answers 404). */
  readonly lists: Map<string, FakeAgentList>;
  /** Requests per path (`/restapi/oauth/token`, `/api/auth/login/rc/accesstoken`, lists). */
  readonly requests: Map<string, number>;
  /**
   * Sub-accounts whose list requests wait for this promise before anything is checked (the
   * token included): an answer that comes late.
   */
  readonly holds: Map<string, Promise<void>>;
  /** Makes the RingCX tokens issued so far invalid (as once they expire). */
  expireRingCxTokens(): void;
  close(): Promise<void>;
}

const CLIENT = { clientId: 'fake-client', clientSecret: 'fake-secret', jwt: 'fake.jwt.assertion' };
const LIST_PATH = /^\/voice\/api\/v1\/admin\/accounts\/([^/]+)\/realTimeData\/agent$/;

/**
 * A stand-in for RingCentral's platform and RingCX on 127.0.0.1 (a free port): the JWT grant
 * (`POST /restapi/oauth/token`, Basic client credentials), RingCX's token exchange
 * (`POST /api/auth/login/rc/accesstoken`, the platform token) and the real-time agent list
 * (`GET .../realTimeData/agent`, the RingCX token), each checking what the real one checks and
 * counting its requests.
 */
export async function startFakeRingCx(): Promise<FakeRingCx> {
  const platformTokens = new Set<string>();
  let ringCxTokens = new Set<string>();
  const lists = new Map<string, FakeAgentList>();
  const requests = new Map<string, number>();
  const holds = new Map<string, Promise<void>>();
  const hanging = new Set<ServerResponse>();

  const json = (response: ServerResponse, status: number, body: unknown) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  };

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://fake').pathname;
    requests.set(path, (requests.get(path) ?? 0) + 1);
    let body = '';
    for await (const chunk of request) body += chunk;
    const form = new URLSearchParams(body);
    const bearer = (request.headers.authorization ?? '').replace(/^Bearer /, '');

    if (request.method === 'POST' && path === '/restapi/oauth/token') {
      const basic = `Basic ${Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64')}`;
      if (
        request.headers.authorization !== basic ||
        form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer' ||
        form.get('assertion') !== CLIENT.jwt
      ) {
        return json(response, 400, { error: 'invalid_grant' });
      }
      const token = `rc-${randomBytes(8).toString('hex')}`;
      platformTokens.add(token);
      return json(response, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
    }
    if (request.method === 'POST' && path === '/api/auth/login/rc/accesstoken') {
      if (
        !platformTokens.has(form.get('rcAccessToken') ?? '') ||
        form.get('rcTokenType') !== 'Bearer'
      ) {
        return json(response, 401, { error: 'invalid RingCentral token' });
      }
      const token = `rcx-${randomBytes(8).toString('hex')}`;
      ringCxTokens.add(token);
      return json(response, 200, { accessToken: token, tokenType: 'Bearer' });
    }
    const account = LIST_PATH.exec(path)?.[1];
    if (request.method === 'GET' && account !== undefined) {
      await holds.get(account);
      if (!ringCxTokens.has(bearer)) {
        response.writeHead(401);
        return response.end('Jwt is expired');
      }
      const list = lists.get(account);
      if (list === undefined) return json(response, 404, { errorCode: 'not.found' });
      if (list === 'hang') {
        hanging.add(response);
        return;
      }
      if (list === 'drop') {
        request.socket.destroy();
        return;
      }
      if ('status' in list) {
        response.writeHead(list.status, { 'content-type': 'application/json' });
        return response.end(list.body ?? '{"errorCode":"failure"}');
      }
      return json(
        response,
        200,
        list.map((agent) => ({ ...agent, agentState: 'AVAILABLE', isGhostLogin: 0 })),
      );
    }
    json(response, 404, { errorCode: 'not.found' });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => json(response, 500, {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    credentials: (subAccountIds) => ({
      ...CLIENT,
      subAccountIds: [...subAccountIds],
      platformUrl: url,
      ringcxUrl: url,
    }),
    lists,
    requests,
    holds,
    expireRingCxTokens: () => {
      ringCxTokens = new Set();
    },
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The fake's request counts under the names the tests use. */
export function requestCounts(fake: FakeRingCx, listAccount?: string) {
  return {
    platformTokens: fake.requests.get('/restapi/oauth/token') ?? 0,
    exchanges: fake.requests.get('/api/auth/login/rc/accesstoken') ?? 0,
    lists:
      listAccount === undefined
        ? [...fake.requests].filter(([path]) => LIST_PATH.test(path)).reduce((n, [, c]) => n + c, 0)
        : (fake.requests.get(`/voice/api/v1/admin/accounts/${listAccount}/realTimeData/agent`) ??
          0),
  };
}
