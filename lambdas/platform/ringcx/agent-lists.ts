import * as z from 'zod/mini';
import type { AgentListSnapshot } from '../../sessions/reconciliation';
import { RequestLimiter } from './request-limiter';
import { firstIssue, type RingCxCredentials } from './ringcx-credentials';

/** What one sub-account's list came to: a whole snapshot, or why there is none. */
export type AgentListResult =
  | { readonly ok: true; readonly snapshot: AgentListSnapshot }
  | { readonly ok: false; readonly accountId: string; readonly reason: string };

/** RingCX access tokens live 5 minutes (its authentication guide); renewed a minute early. */
export const RINGCX_TOKEN_LIFETIME_MS = 5 * 60_000;
const RENEW_EARLY_MS = 60_000;
/** Each request to RingCentral or RingCX gives up after this long. */
export const REQUEST_TIMEOUT_MS = 5_000;
/** Lists asked for at once. */
const PARALLEL_LISTS = 4;

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/** The fields of RingCX's `AgentStats` that reconciliation reads; the rest is dropped. */
const id = z.union([z.int().check(z.nonnegative()), z.string().check(z.regex(/^\d+$/))]);
const AgentList = z.array(z.object({ agentLoginId: id }));

const PlatformToken = z.object({
  access_token: z.string().check(z.minLength(1)),
  expires_in: z.number().check(z.positive()),
});
const RingCxToken = z.object({ accessToken: z.string().check(z.minLength(1)) });

interface CachedToken {
  readonly token: string;
  readonly renewAt: number;
}

class RequestFailed extends Error {}

export interface AgentListOptions {
  readonly limiter?: RequestLimiter;
  /** How long a token request (grant or exchange) may take; REQUEST_TIMEOUT_MS by default. */
  readonly tokenTimeoutMs?: number;
  /** How long an agent list request may take; REQUEST_TIMEOUT_MS by default. */
  readonly listTimeoutMs?: number;
  readonly now?: () => number;
}

/**
 * RingCX's real-time agent list (`GET .../admin/accounts/{subAccountId}/realTimeData/agent`),
 * per sub-account, with the tokens it needs: a RingCentral access token from the JWT grant,
 * exchanged for a RingCX access token (RingCX's authentication guide). Both are kept until
 * shortly before they expire, so a warm instance asks for them once an hour and at most once
 * every 4 minutes (RingCX allows 5 exchanges a minute); one answer 401 renews the RingCX token
 * and asks once more. The lists' requests go through the limiter (120 a minute).
 * Every failure (token, HTTP status, timeout, an answer that is not a whole list) becomes that
 * account's reason: its list is then missing, never partial.
 */
export class RingCxAgentLists {
  private platformToken: CachedToken | undefined;
  private ringCxToken: CachedToken | undefined;
  private exchanging: Promise<string> | undefined;
  private readonly limiter: RequestLimiter;
  private readonly tokenTimeoutMs: number;
  private readonly listTimeoutMs: number;
  private readonly now: () => number;

  constructor(
    private readonly credentials: RingCxCredentials,
    options: AgentListOptions = {},
  ) {
    this.limiter = options.limiter ?? new RequestLimiter();
    this.tokenTimeoutMs = options.tokenTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.listTimeoutMs = options.listTimeoutMs ?? REQUEST_TIMEOUT_MS;
    this.now = options.now ?? Date.now;
  }

  /** Every configured sub-account's list, in the order configured. */
  async lists(): Promise<AgentListResult[]> {
    const accounts = this.credentials.subAccountIds;
    const results: AgentListResult[] = new Array(accounts.length);
    let next = 0;
    const worker = async () => {
      while (next < accounts.length) {
        const index = next++;
        results[index] = await this.list(accounts[index] as string);
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL_LISTS, accounts.length) }, worker));
    return results;
  }

  private async list(accountId: string): Promise<AgentListResult> {
    try {
      let answer = await this.askForList(accountId);
      if (answer.response.status === 401) {
        // Only the token this request used: a list answered late must not drop the token
        // another list has just renewed.
        if (this.ringCxToken?.token === answer.token) this.ringCxToken = undefined;
        answer = await this.askForList(accountId);
      }
      const { response, takenAt } = answer;
      if (!response.ok) throw new RequestFailed(`agent list answered ${response.status}`);
      const agents = AgentList.safeParse(await this.json(response, 'agent list'));
      if (!agents.success)
        throw new RequestFailed(`agent list unreadable: ${firstIssue(agents.error, 'the answer')}`);
      return {
        ok: true,
        snapshot: {
          accountId,
          takenAt: new Date(takenAt).toISOString(),
          agentLoginIds: new Set(agents.data.map((agent) => String(agent.agentLoginId))),
        },
      };
    } catch (error) {
      return { ok: false, accountId, reason: reasonOf(error) };
    }
  }

  private async askForList(accountId: string) {
    const token = await this.ringCx();
    await this.limiter.take();
    const takenAt = this.now();
    const url = `${this.credentials.ringcxUrl}/voice/api/v1/admin/accounts/${encodeURIComponent(accountId)}/realTimeData/agent`;
    const response = await this.fetch(
      url,
      { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } },
      this.listTimeoutMs,
    );
    return { response, token, takenAt };
  }

  private async ringCx(): Promise<string> {
    if (this.ringCxToken !== undefined && this.now() < this.ringCxToken.renewAt) {
      return this.ringCxToken.token;
    }
    // One exchange for the lists that need it at once.
    this.exchanging ??= this.exchange().finally(() => {
      this.exchanging = undefined;
    });
    return this.exchanging;
  }

  private async exchange(): Promise<string> {
    const issuedAt = this.now();
    const response = await this.fetch(
      `${this.credentials.ringcxUrl}/api/auth/login/rc/accesstoken`,
      form({ rcAccessToken: await this.platform(), rcTokenType: 'Bearer' }),
      this.tokenTimeoutMs,
    );
    if (response.status === 401) this.platformToken = undefined;
    if (!response.ok) throw new RequestFailed(`RingCX token exchange answered ${response.status}`);
    const parsed = RingCxToken.safeParse(await this.json(response, 'RingCX token exchange'));
    if (!parsed.success) throw new RequestFailed('RingCX token exchange: no accessToken');
    this.ringCxToken = {
      token: parsed.data.accessToken,
      renewAt: issuedAt + RINGCX_TOKEN_LIFETIME_MS - RENEW_EARLY_MS,
    };
    return this.ringCxToken.token;
  }

  private async platform(): Promise<string> {
    if (this.platformToken !== undefined && this.now() < this.platformToken.renewAt) {
      return this.platformToken.token;
    }
    const issuedAt = this.now();
    const { clientId, clientSecret, jwt, platformUrl } = this.credentials;
    const request = form({ grant_type: JWT_GRANT, assertion: jwt });
    const response = await this.fetch(
      `${platformUrl}/restapi/oauth/token`,
      {
        ...request,
        headers: {
          ...request.headers,
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
        },
      },
      this.tokenTimeoutMs,
    );
    if (!response.ok) throw new RequestFailed(`RingCentral token answered ${response.status}`);
    const parsed = PlatformToken.safeParse(await this.json(response, 'RingCentral token'));
    if (!parsed.success) throw new RequestFailed('RingCentral token: no access_token/expires_in');
    this.platformToken = {
      token: parsed.data.access_token,
      renewAt: issuedAt + parsed.data.expires_in * 1000 - RENEW_EARLY_MS,
    };
    return this.platformToken.token;
  }

  private async fetch(url: string, init: RequestInit, timeoutMs: number): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const what = new URL(url).pathname;
      if (error instanceof DOMException && error.name === 'TimeoutError') {
        throw new RequestFailed(`${what}: no answer within ${timeoutMs} ms`);
      }
      throw new RequestFailed(`${what}: ${(error as Error).message}`);
    }
  }

  private async json(response: Response, what: string): Promise<unknown> {
    try {
      return await response.json();
    } catch {
      throw new RequestFailed(`${what}: the answer is not JSON`);
    }
  }
}

function form(fields: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams(fields).toString(),
  };
}

/** A failure's reason for logs and the outcome: ours are safe; others only by their name. */
function reasonOf(error: unknown): string {
  if (error instanceof RequestFailed) return error.message;
  return error instanceof Error ? error.name : 'unknown error';
}
