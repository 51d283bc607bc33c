import { tokenOfSecret } from './aws';
import { UsageError } from './command';
import { type LocalEndpoints, readLocalEndpoints } from './endpoints';

/** Where a tool sends events, and the credential it sends them with. */
export interface ApiTarget {
  /** The API's base URL (the stack output ApiUrl; locally `apiUrl`), without a trailing slash. */
  apiUrl: string;
  token: string;
  /** The local stack's endpoints, when the target is the local stack. */
  local?: LocalEndpoints;
}

export interface TargetFlags {
  url?: string;
  /** Deprecated: npm echoes the command line, flag values included. */
  token?: string;
  'secret-arn'?: string;
}

export const TARGET_USAGE = `--url URL         the API's base URL: the stack output ApiUrl (default: the local stack)
  --secret-arn ARN  read the token from the stack's secret (output CredentialSecretArn) with
                    your AWS credentials; or set WEBHOOK_TOKEN (default: the local stack's)`;

export const TOKEN_FLAG_DEPRECATION =
  'warning: --token is deprecated (npm prints the command line, so the token ends up in terminals and CI logs): set WEBHOOK_TOKEN instead, or give --secret-arn';

/** The base URL as given, checked: the event URLs are the base URL plus a route. */
export function baseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(
      `--url must be a URL such as https://abc123.execute-api.eu-west-1.amazonaws.com, got "${url}"`,
    );
  }
  if (!/^https?:$/.test(parsed.protocol) || parsed.search !== '' || parsed.hash !== '') {
    throw new UsageError(`--url must be an http(s) URL without a query, got "${url}"`);
  }
  if (parsed.pathname !== '/' && parsed.pathname !== '') {
    throw new UsageError(
      `--url takes the API's base URL (the stack output ApiUrl, e.g. ${parsed.origin}), not "${url}": the tools add each route themselves`,
    );
  }
  return parsed.origin;
}

/**
 * The API and credential from the flags and the environment: `--url`, else the local stack's;
 * the token from WEBHOOK_TOKEN, else the secret `--secret-arn` names, else the local stack's
 * (only when the target is the local stack). `--token` still works, with a warning.
 */
export async function apiTarget(
  flags: TargetFlags,
  env: NodeJS.ProcessEnv = process.env,
  warn: (message: string) => void = console.error,
  localFile?: string,
): Promise<ApiTarget> {
  const local = flags.url === undefined ? readLocalEndpoints(localFile) : undefined;
  const apiUrl = flags.url === undefined ? (local as LocalEndpoints).apiUrl : baseUrl(flags.url);
  if (flags.token !== undefined) {
    warn(TOKEN_FLAG_DEPRECATION);
    return { apiUrl, token: flags.token, local };
  }
  if (env.WEBHOOK_TOKEN) return { apiUrl, token: env.WEBHOOK_TOKEN, local };
  const secretArn = flags['secret-arn'];
  if (secretArn !== undefined) return { apiUrl, token: await tokenOfSecret(secretArn), local };
  if (local !== undefined) return { apiUrl, token: local.token, local };
  throw new UsageError(
    `No credential for ${apiUrl}: set WEBHOOK_TOKEN, or give --secret-arn <CredentialSecretArn> to read it from the stack's secret with your AWS credentials`,
  );
}

/** An answer that means the command itself is wrong, not the request: its explanation. */
export function commandErrorOf(status: number, apiUrl: string): string | undefined {
  if (status === 401 || status === 403) {
    return `${apiUrl} refused the credential (${status}): check WEBHOOK_TOKEN or --secret-arn (after a rotation, the new token)`;
  }
  if (status === 404 || status === 405) {
    return `${apiUrl} has no such route (${status}): is --url the API's base URL, the stack output ApiUrl?`;
  }
  return undefined;
}

/** A first check of the URL, before anything is sent: the health route answers without a credential. */
export async function checkApi(apiUrl: string): Promise<void> {
  let status: number;
  let body = '';
  try {
    const response = await fetch(`${apiUrl}/v1/health`, { signal: AbortSignal.timeout(10_000) });
    status = response.status;
    body = await response.text();
  } catch (error) {
    throw new UsageError(`${apiUrl} cannot be reached: ${(error as Error).message}`);
  }
  if (status !== 200 || !body.includes('"ok"')) {
    throw new UsageError(
      `${apiUrl} is not an engage-wfm-forwarder API (GET /v1/health answered ${status}): is --url the stack output ApiUrl?`,
    );
  }
}
