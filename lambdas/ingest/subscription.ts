import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { Issue } from '../events/issues';
import type { RawRequest } from './quarantine';
import * as webhook from './responses';

/**
 * The route RingCX's Agent State Subscription API delivers to (the subscription's
 * `notificationUrl`). Same credential choices, same interpreter and topic as the webhook routes;
 * only the answers differ, as that API expects them.
 */
export const SUBSCRIPTION_ROUTE = '/v1/agent-state-subscription';

/** RingCX waits 3,000 ms for the answer: give up on the topic well before, and answer 503. */
export const SUBSCRIPTION_DEADLINE_MS = 2_000;

/** RingCX refuses an answer over 1,024 bytes, status line, headers and body together. */
export const SUBSCRIPTION_ANSWER_LIMIT_BYTES = 1024;

/**
 * What API Gateway adds to every answer, with room to spare: the status line, `Date`,
 * `Content-Length`, `Connection` and `apigw-requestid` take about 170 bytes.
 */
export const GATEWAY_RESPONSE_BYTES = 256;

/** The longest `Validation-Token` echoed; RingCX's are short identifiers. */
export const MAX_VALIDATION_TOKEN_CHARS = 256;

/** Lower-case, as API Gateway (payload 2.0) and the local gateway give every header name. */
const VALIDATION_HEADER = 'validation-token';
const PRINTABLE = /^[\x21-\x7e]+$/;

/** The header bytes of an answer as sent on the wire (`name: value\r\n` each). */
function headerBytes(headers: APIGatewayProxyStructuredResultV2['headers']): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(headers ?? {})) {
    bytes += Buffer.byteLength(`${name}: ${value}\r\n`);
  }
  return bytes;
}

/** The bytes of the answer the function gives, which API Gateway's own headers add to. */
export function ownAnswerBytes(answer: APIGatewayProxyStructuredResultV2): number {
  return headerBytes(answer.headers) + Buffer.byteLength(answer.body ?? '');
}

const OWN_BYTES_LIMIT = SUBSCRIPTION_ANSWER_LIMIT_BYTES - GATEWAY_RESPONSE_BYTES;

/** The validation request: a `Validation-Token` and nothing to read. */
export function isValidationRequest(request: RawRequest): boolean {
  return (
    request.headers[VALIDATION_HEADER] !== undefined &&
    (request.body ?? '').trim() === '' &&
    request.rawQueryString === ''
  );
}

/**
 * The `Validation-Token` a request carries, trimmed, as every answer to it echoes it: absent,
 * or `invalid` when it could not be echoed within the size limit or only as something other
 * than printable ASCII.
 */
export type ValidationToken = string | 'invalid' | undefined;

export function validationTokenOf(request: RawRequest): ValidationToken {
  const sent = request.headers[VALIDATION_HEADER];
  if (sent === undefined) return undefined;
  const token = sent.trim();
  return token.length > MAX_VALIDATION_TOKEN_CHARS || !PRINTABLE.test(token) ? 'invalid' : token;
}

/** Why a `Validation-Token` is refused (400). */
export const INVALID_VALIDATION_TOKEN = {
  error: 'invalid Validation-Token',
  issues: [
    {
      path: 'Validation-Token',
      message: `expected 1 to ${MAX_VALIDATION_TOKEN_CHARS} printable ASCII characters`,
    },
  ],
} as const;

/**
 * The subscription route's answers, each with the request's `Validation-Token` when it carries
 * a valid one: 200 with the count of events accepted (RingCX expects `200 OK`; it does not read
 * the body), the validation request's 200, and refusals as on the webhook routes but with
 * counts in place of lists and as many issues as fit, so that every answer, headers included,
 * stays within RingCX's 1,024 bytes.
 */
export function subscriptionAnswers(token: ValidationToken) {
  const echoed = (answer: APIGatewayProxyStructuredResultV2) =>
    fitted(
      token === undefined || token === 'invalid'
        ? answer
        : { ...answer, headers: { ...answer.headers, 'Validation-Token': token } },
    );
  return {
    validated: () => echoed(webhook.json(200, { validated: true })),
    accepted: (events: readonly webhook.Accepted[]) =>
      echoed(webhook.json(200, { accepted: events.length })),
    unauthorized: () => echoed(webhook.unauthorized()),
    unavailable: () => echoed(webhook.unavailable()),
    rejected(
      statusCode: 400 | 413 | 422,
      error: string,
      issues: readonly Issue[],
      batch?: { accepted: readonly webhook.Accepted[] },
    ): APIGatewayProxyStructuredResultV2 {
      const single = webhook.rejected(statusCode, error, issues);
      const body = JSON.parse(single.body ?? '{}') as Record<string, unknown>;
      if (batch !== undefined) body.accepted = batch.accepted.length;
      return echoed({ ...single, body: JSON.stringify(body) });
    },
  };
}

/** Drops issues (counted in `omittedIssues`) until the answer fits; the reason always stays. */
function fitted(answer: APIGatewayProxyStructuredResultV2): APIGatewayProxyStructuredResultV2 {
  if (ownAnswerBytes(answer) <= OWN_BYTES_LIMIT) return answer;
  const body = JSON.parse(answer.body ?? '{}') as Record<string, unknown>;
  const issues = Array.isArray(body.issues) ? [...body.issues] : [];
  const omitted = typeof body.omittedIssues === 'number' ? body.omittedIssues : 0;
  let dropped = 0;
  let candidate = answer;
  while (ownAnswerBytes(candidate) > OWN_BYTES_LIMIT && issues.length > 0) {
    issues.pop();
    dropped++;
    candidate = {
      ...answer,
      body: JSON.stringify({ ...body, issues, omittedIssues: omitted + dropped }),
    };
  }
  return candidate;
}
