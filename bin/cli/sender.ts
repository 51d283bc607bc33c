/**
 * Posts events the way Engage Voice does: fields URL-encoded in the query string (its default)
 * or a JSON body ("Send body as JSON"), with the static credential header it can be given.
 */
export const SEND_ENCODINGS = ['query', 'json', 'form'] as const;
export type SendEncoding = (typeof SEND_ENCODINGS)[number];

export interface Delivery {
  status: number;
  body: unknown;
}

/** The sender's default format: every field as text, `null` as an empty value. */
export function toQueryString(event: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(event)) {
    params.append(key, value === null || value === undefined ? '' : String(value));
  }
  return params.toString();
}

/** The route the sender would use: call events to the Call Event URL, the rest to the Agent one. */
export function routeFor(event: Record<string, unknown>): string {
  const type = String(event.event_type ?? '').toUpperCase();
  return type.endsWith('-CALL') || type.startsWith('ONE-TO-ONE')
    ? '/v1/call-events'
    : '/v1/agent-events';
}

/** An event as the sender encodes it: the route plus query, and the body with its type. */
export interface EncodedEvent {
  path: string;
  contentType?: string;
  body?: string;
}

export function encodeEvent(route: string, event: unknown, encoding: SendEncoding): EncodedEvent {
  const fields = event as Record<string, unknown>;
  if (encoding === 'query') return { path: `${route}?${toQueryString(fields)}` };
  if (encoding === 'form') {
    return {
      path: route,
      contentType: 'application/x-www-form-urlencoded',
      body: toQueryString(fields),
    };
  }
  return { path: route, contentType: 'application/json', body: JSON.stringify(event) };
}

/** An answer's body: JSON when it is, else the text (a proxy's error page, say). */
export async function answerOf(response: Response): Promise<Delivery> {
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not every answer is JSON; keep the text.
  }
  return { status: response.status, body: parsed };
}

export async function deliver(
  apiUrl: string,
  route: string,
  token: string,
  event: unknown,
  encoding: SendEncoding,
): Promise<Delivery> {
  const { path, contentType, body } = encodeEvent(route, event, encoding);
  const headers: Record<string, string> = { 'x-webhook-token': token };
  if (contentType !== undefined) headers['content-type'] = contentType;
  return answerOf(await fetch(`${apiUrl}${path}`, { method: 'POST', headers, body }));
}

export interface PacedAnswer extends Delivery {
  /** The event's position in the list. */
  index: number;
  sentAt: number;
  answeredAt: number;
}

/**
 * Sends `events` at a steady `ratePerSecond` (event i is due i/rate seconds after the start),
 * from `concurrency` slots so that slow answers do not hold the schedule back, alternating the
 * sender's two encodings. `onAnswer` returns true to send the same event again.
 */
export async function sendPaced(
  target: { apiUrl: string; token: string },
  events: readonly Record<string, unknown>[],
  ratePerSecond: number,
  concurrency: number,
  onAnswer: (answer: PacedAnswer) => boolean | Promise<boolean>,
): Promise<void> {
  const started = performance.now();
  let next = 0;
  const slot = async () => {
    while (next < events.length) {
      const index = next++;
      const wait = started + (index / ratePerSecond) * 1000 - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const event = events[index] as Record<string, unknown>;
      let again = true;
      while (again) {
        const sentAt = performance.now();
        const delivery = await deliver(
          target.apiUrl,
          routeFor(event),
          target.token,
          event,
          index % 2 === 0 ? 'query' : 'json',
        );
        again = await onAnswer({ ...delivery, index, sentAt, answeredAt: performance.now() });
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, slot));
}
