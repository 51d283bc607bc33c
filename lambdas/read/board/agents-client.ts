import { type AgentsResponse, readAgentsResponse } from './agents-response';

/** A request that has not answered by then counts as the API being unreachable. */
const REQUEST_TIMEOUT_MS = 10_000;

export type AgentsOutcome =
  | { readonly kind: 'answered'; readonly answer: AgentsResponse }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'superseded' };

/**
 * One read of the agents. The token goes in the Authorization header only; no cookie is sent.
 * `signal` lets a newer read supersede this one.
 */
export async function fetchAgents(
  url: URL,
  token: string,
  signal: AbortSignal,
): Promise<AgentsOutcome> {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.any([signal, AbortSignal.timeout(REQUEST_TIMEOUT_MS)]),
    });
  } catch (error) {
    if (signal.aborted) return { kind: 'superseded' };
    const timedOut = error instanceof DOMException && error.name === 'TimeoutError';
    return {
      kind: 'unreachable',
      message: timedOut ? `no answer within ${REQUEST_TIMEOUT_MS / 1000} s` : 'no connection',
    };
  }
  const body = await response.text().catch(() => '');
  if (response.status === 401) return { kind: 'refused', message: errorOf(body) };
  if (!response.ok) {
    const detail = errorOf(body);
    return { kind: 'failed', message: `it answered ${response.status}${detail && `: ${detail}`}` };
  }
  try {
    return { kind: 'answered', answer: readAgentsResponse(JSON.parse(body)) };
  } catch (error) {
    return { kind: 'failed', message: error instanceof Error ? error.message : String(error) };
  }
}

/** The `error` of the API's JSON error body, if there is one. */
function errorOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
      return typeof parsed.error === 'string' ? parsed.error : '';
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return '';
}
