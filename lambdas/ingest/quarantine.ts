import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { type Issue, issuesWithin } from '../events/issues';
import { type MessageAttribute, publishedBytes } from '../platform/event-message';
import { MAX_QUEUE_MESSAGE_BYTES } from '../platform/resources';
import { toSqsBody, toSqsText } from '../platform/sqs-body';
import { MAX_RECORD_ISSUES_BYTES } from './limits';

/** Headers that carry the credential never reach the quarantine. */
const SECRET_HEADERS = new Set([
  'authorization',
  'x-webhook-token',
  'cookie',
  'proxy-authorization',
]);

export interface RawRequest {
  method: string;
  route: string;
  rawQueryString: string;
  headers: Readonly<Record<string, string | undefined>>;
  /** As API Gateway delivered it: text, or base64 when `isBase64Encoded`. */
  body: string | undefined;
  isBase64Encoded: boolean;
  requestId: string;
  receivedAt: Date;
}

/**
 * What an operator finds in the quarantine queue for a refused request: the request as it came
 * (credentials removed), why it was refused, and when. `npm run replay` re-sends it as it was.
 */
export interface QuarantineRecord {
  quarantineVersion: 1;
  reason: string;
  status: number;
  issues: readonly Issue[];
  /** How many issues were left out to keep the record's size bounded. */
  omittedIssues?: number;
  receivedAt: string;
  requestId: string;
  method: string;
  route: string;
  rawQueryString: string;
  headers: Record<string, string>;
  body: string | undefined;
  isBase64Encoded: boolean;
  /**
   * Set when only the head of the body is kept: it was over the size limit (its first
   * `maxBodyBytes`), or the record would not fit one queue message otherwise.
   */
  truncated?: { originalBytes: number; keptBytes: number };
}

/**
 * The record of a refused request, sized for the quarantine queue: at most MAX_RECORD_ISSUES_BYTES
 * of issues, and a body over `maxBodyBytes` cut to its head. Measured as SQS will take it: when
 * escaping for SQS would make it too large (a body of control bytes grows sixfold), the body is
 * kept base64 instead (4/3 of its bytes, whatever they are), and only if that is still too large
 * is it cut, marked `truncated`.
 */
export function quarantineRecord(
  request: RawRequest,
  status: number,
  reason: string,
  issues: readonly Issue[],
  maxBodyBytes: number,
): QuarantineRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined && !SECRET_HEADERS.has(name.toLowerCase())) headers[name] = value;
  }
  const { kept, omitted } = issuesWithin(issues, MAX_RECORD_ISSUES_BYTES);
  const record: QuarantineRecord = {
    quarantineVersion: 1,
    reason,
    status,
    issues: kept,
    omittedIssues: omitted > 0 ? omitted : undefined,
    receivedAt: request.receivedAt.toISOString(),
    requestId: request.requestId,
    method: request.method,
    route: request.route,
    rawQueryString: request.rawQueryString,
    headers,
    body: request.body,
    isBase64Encoded: request.isBase64Encoded,
  };
  const bytes = bodyBytes(request);
  if (bytes === undefined) return record;
  if (bytes.length > maxBodyBytes) {
    // Over the limit: keep the head, base64 so a cut inside a character cannot corrupt it.
    return withBodyHead(record, bytes, maxBodyBytes);
  }
  if (quarantineMessageBytes(record) <= MAX_QUEUE_MESSAGE_BYTES) return record;
  const asBase64 = withBodyHead(record, bytes, bytes.length);
  if (quarantineMessageBytes(asBase64) <= MAX_QUEUE_MESSAGE_BYTES) return asBase64;
  // Base64 takes 4 characters for every 3 bytes: keep as many whole groups as there is room for
  // beside the rest of the record (its truncation marker measured at its widest).
  const widest = { originalBytes: bytes.length, keptBytes: bytes.length };
  const rest = quarantineMessageBytes({ ...asBase64, body: '', truncated: widest });
  const room = MAX_QUEUE_MESSAGE_BYTES - rest;
  return withBodyHead(record, bytes, Math.max(0, Math.floor(room / 4) * 3));
}

/** The record with the body's first `keep` bytes, base64; marked truncated when that is not all. */
function withBodyHead(record: QuarantineRecord, bytes: Buffer, keep: number): QuarantineRecord {
  const kept = Math.min(keep, bytes.length);
  return {
    ...record,
    body: bytes.subarray(0, kept).toString('base64'),
    isBase64Encoded: true,
    truncated: kept < bytes.length ? { originalBytes: bytes.length, keptBytes: kept } : undefined,
  };
}

function bodyBytes(request: RawRequest): Buffer | undefined {
  if (request.body === undefined) return undefined;
  return Buffer.from(request.body, request.isBase64Encoded ? 'base64' : 'utf8');
}

/** The message a record is sent as: its body, and the reason and status as attributes. */
export function quarantineMessage(record: QuarantineRecord): {
  body: string;
  attributes: Record<'reason' | 'status', MessageAttribute>;
} {
  return {
    body: toSqsBody(record),
    attributes: {
      // The reason can quote the sender's own text: made safe for SQS, and short.
      reason: { DataType: 'String', StringValue: toSqsText(record.reason.slice(0, 256)) },
      status: { DataType: 'Number', StringValue: String(record.status) },
    },
  };
}

/** The size SNS and SQS hold against their limits, body and attributes together. */
export function quarantineMessageBytes(record: QuarantineRecord): number {
  const { body, attributes } = quarantineMessage(record);
  return publishedBytes(body, attributes);
}

/**
 * Publishes the record to the quarantine topic, which delivers it raw to the quarantine queue
 * (body and attributes as sent): ingest needs no SQS client, whose import would add a third to
 * its cold start, and operators read the queue as before.
 */
export async function quarantine(
  sns: SNSClient,
  topicArn: string,
  record: QuarantineRecord,
  signal?: AbortSignal,
): Promise<void> {
  const { body, attributes } = quarantineMessage(record);
  await sns.send(
    new PublishCommand({ TopicArn: topicArn, Message: body, MessageAttributes: attributes }),
    { abortSignal: signal },
  );
}
