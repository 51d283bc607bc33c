import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type Issue, issuesWithin } from '../events/issues';
import type { EventKind } from '../events/kinds';

/**
 * The answers ingest gives. Bodies are small JSON (at most 1 KiB for a single event): the
 * sender's HTTP client expects a quick, short answer, and every issue list is capped.
 */
export const MAX_SINGLE_EVENT_BODY_BYTES = 1024;
const MAX_MESSAGE_CHARS = 160;

export interface Accepted {
  eventId: string;
  kind: EventKind;
}

export function json(statusCode: number, body: unknown): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  };
}

export const healthy = () => json(200, { status: 'ok' });

export const accepted = (events: readonly Accepted[]) => json(202, { accepted: events });

export const unauthorized = () =>
  json(401, {
    error: 'unauthorized',
    issues: [
      {
        path: 'authorization',
        message:
          'send Authorization: Basic or Bearer, or X-Webhook-Token, with the shared credential',
      },
    ],
  });

/** 5xx answers never say more than this: the details are in the logs, not with the caller. */
export const unavailable = () =>
  json(503, { error: 'temporarily unavailable: nothing was accepted, send it again' });

export const internalError = () => json(500, { error: 'internal error: nothing was accepted' });

/**
 * The issues a batch's answer lists at most, in bytes: with the accepted list of the largest
 * batch (MAX_BATCH_EVENTS) the answer stays some tens of KiB, far below Lambda's 6 MB.
 */
export const MAX_BATCH_ISSUES_BYTES = 16 * 1024;

/**
 * 400, 413 and 422: the reason and the issues, trimmed to fit (1 KiB for a single event, the
 * issues of a batch to MAX_BATCH_ISSUES_BYTES); `omittedIssues` says how many were left out.
 */
export function rejected(
  statusCode: 400 | 413 | 422,
  error: string,
  issues: readonly Issue[],
  batch?: { accepted: readonly Accepted[] },
): APIGatewayProxyStructuredResultV2 {
  const shortError = error.slice(0, MAX_MESSAGE_CHARS);
  const shortIssues = issues.map((issue) => ({
    path: issue.path.slice(0, 64),
    message: issue.message.slice(0, MAX_MESSAGE_CHARS),
  }));
  // What the answer holds besides the issues, with the longest omittedIssues it could carry.
  const rest = batch === undefined ? { error: shortError } : { error: shortError, ...batch };
  const overhead = Buffer.byteLength(
    JSON.stringify({ ...rest, issues: [], omittedIssues: issues.length }),
  );
  const { kept, omitted } = issuesWithin(
    shortIssues,
    batch === undefined ? MAX_SINGLE_EVENT_BODY_BYTES - overhead : MAX_BATCH_ISSUES_BYTES,
  );
  const body: Record<string, unknown> = { error: shortError, issues: kept };
  if (omitted > 0) body.omittedIssues = omitted;
  if (batch !== undefined) body.accepted = batch.accepted;
  return json(statusCode, body);
}
