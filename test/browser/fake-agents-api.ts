/**
 * A stand-in for the read API that the board tests control: it serves the built page at
 * `GET /board` exactly as the read function answers it (`boardResponse`) and answers
 * `GET /v1/agents` from `agents`, with the contract's token check, stale filter and counts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boardResponse } from '../../lambdas/read/board-page';

/** One agent as `GET /v1/agents` lists it; `secondsInState` is worked out from `since`. */
export interface ApiAgent {
  agentLoginId: string;
  accountId: string;
  agentId: string;
  username?: string;
  status: string;
  state: string;
  auxState?: string;
  activity: string;
  since: string;
  currentCallId?: string;
  loginAt?: string;
  lastEventAt: string;
  stale: boolean;
}

/** What `GET /v1/agents` requests carried. */
export interface AgentsRequest {
  readonly url: URL;
  readonly authorization: string | undefined;
  readonly cookie: string | undefined;
}

/** How the API misbehaves: drop the connection (unreachable), or answer with a status. */
export type Outage = 'drop' | number;

export class FakeAgentsApi {
  /** The agents the API lists, in its order (the contract sorts by agent). */
  agents: ApiAgent[] = [];
  /** The read token it accepts. */
  token: string;
  outage: Outage | undefined;
  /** When set, the API's clock stands still there: every answer is the same. */
  frozenAt: number | undefined;
  readonly requests: AgentsRequest[] = [];

  private constructor(
    private readonly server: ReturnType<typeof createServer>,
    readonly origin: string,
    token: string,
  ) {
    this.token = token;
  }

  static async start(token: string): Promise<FakeAgentsApi> {
    let api: FakeAgentsApi | undefined;
    const server = createServer((request, response) => api?.handle(request, response));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    api = new FakeAgentsApi(server, `http://127.0.0.1:${port}`, token);
    return api;
  }

  get boardUrl(): string {
    return `${this.origin}/board`;
  }

  /** The agents requests so far that asked for this query parameter's value. */
  requestsWith(name: string, value: string): AgentsRequest[] {
    return this.requests.filter((request) => request.url.searchParams.get(name) === value);
  }

  now(): number {
    return this.frozenAt ?? Date.now();
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', this.origin);
    if (request.method === 'GET' && url.pathname === '/board') {
      const { statusCode, headers, body } = boardResponse();
      response.writeHead(statusCode, headers).end(body);
      return;
    }
    if (request.method !== 'GET' || url.pathname !== '/v1/agents') {
      json(response, 404, { message: 'Not Found' });
      return;
    }
    this.requests.push({
      url,
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
    });
    if (this.outage === 'drop') {
      request.socket.destroy();
      return;
    }
    if (this.outage !== undefined) {
      json(response, this.outage, { error: 'Service Unavailable' });
      return;
    }
    if (request.headers.authorization !== `Bearer ${this.token}`) {
      json(response, 401, {
        error: 'missing or wrong read token',
        issues: [{ path: 'authorization', message: 'not a valid read token' }],
      });
      return;
    }
    json(response, 200, this.answer(url.searchParams.get('includeStale') === 'true'));
  }

  private answer(includeStale: boolean) {
    const now = this.now();
    const agents = this.agents
      .filter((agent) => includeStale || !agent.stale)
      .map((agent) => ({
        ...agent,
        secondsInState: Math.floor((now - Date.parse(agent.since)) / 1000),
      }));
    const counts: Record<string, number> = {};
    for (const agent of agents) counts[agent.activity] = (counts[agent.activity] ?? 0) + 1;
    return { asOf: new Date(now).toISOString(), counts, agents };
  }
}

function json(response: ServerResponse, status: number, body: unknown): void {
  response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' })
    .end(JSON.stringify(body));
}

/** An agent `secondsInState` seconds into `state`, logged in on account 15300002 by default. */
export function apiAgent(
  fields: Pick<ApiAgent, 'agentLoginId' | 'state' | 'activity'> &
    Partial<ApiAgent> & { secondsInState?: number },
  now = Date.now(),
): ApiAgent {
  const { secondsInState = 0, ...rest } = fields;
  const since = new Date(now - secondsInState * 1000).toISOString();
  return {
    accountId: '15300002',
    agentId: `${fields.agentLoginId.slice(-4)}`,
    status: 'LOGGED_IN',
    since,
    loginAt: new Date(now - 3 * 3600 * 1000).toISOString(),
    lastEventAt: since,
    stale: false,
    ...rest,
  };
}
