import { answerOf, type Delivery } from './sender';
import type { ApiTarget } from './target';

/** Every replayed request carries its run's id: the endpoint keeps it with a refusal anew. */
export const REPLAY_RUN_HEADER = 'x-replay-run';
/** And what it replays (the request id or message id), so a refusal anew names its origin. */
export const REPLAY_OF_HEADER = 'x-replay-of';

/** The waits before each further try of a request that met a transient failure. */
export const RETRY_WAITS_MS = [500, 2_000, 5_000];

/** A stop of the whole run: the command is wrong (exit 2) or the endpoint is unwell (exit 1). */
export class RunStopped extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

/** The reason and first issues of a refusal, from the endpoint's answer. */
export function whyRefused(delivery: Delivery): string {
  const body = delivery.body as
    | { error?: string; issues?: { path: string; message: string }[]; omittedIssues?: number }
    | undefined;
  if (typeof body !== 'object' || body === null) return String(delivery.body).slice(0, 200);
  const issues = (body.issues ?? []).slice(0, 3).map((issue) => `${issue.path}: ${issue.message}`);
  const more = (body.issues?.length ?? 0) - issues.length + (body.omittedIssues ?? 0);
  return [body.error ?? 'refused', ...issues, ...(more > 0 ? [`(${more} more)`] : [])].join('; ');
}

/** Answers that say "later": worth another try, like a lost connection. */
const isTransient = (status: number) => [429, 502, 503, 504].includes(status);

export interface ReplayRequest {
  method: string;
  /** The route and query string. */
  path: string;
  body?: Buffer | string;
  contentType?: string;
  replayOf: string;
}

/**
 * Sends one replayed request, again after a transient failure (a lost connection, a busy
 * endpoint), so that one bad moment neither ends the run without its summary nor gives up on
 * the item. After the last try the run stops, the item left where it was.
 */
export async function sendReplay(
  target: ApiTarget,
  request: ReplayRequest,
  runId: string,
  waitsMs: readonly number[] = RETRY_WAITS_MS,
): Promise<Delivery> {
  const headers: Record<string, string> = {
    'x-webhook-token': target.token,
    [REPLAY_RUN_HEADER]: runId,
    [REPLAY_OF_HEADER]: request.replayOf,
  };
  if (request.contentType !== undefined) headers['content-type'] = request.contentType;
  let failure = '';
  for (let attempt = 0; attempt <= waitsMs.length; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, waitsMs[attempt - 1]));
    try {
      const delivery = await answerOf(
        await fetch(`${target.apiUrl}${request.path}`, {
          method: request.method === 'GET' ? 'GET' : 'POST',
          headers,
          body: request.method === 'GET' ? undefined : request.body,
        }),
      );
      if (!isTransient(delivery.status)) return delivery;
      failure = `answered ${delivery.status} (${whyRefused(delivery)})`;
    } catch (error) {
      const { message, cause } = error as Error & { cause?: Error };
      failure = `cannot be reached: ${message}${cause?.message ? ` (${cause.message})` : ''}`;
    }
  }
  throw new RunStopped(
    `${target.apiUrl} ${failure}, on each of ${waitsMs.length + 1} tries: try again later`,
    1,
  );
}
