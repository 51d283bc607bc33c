import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Issue } from '../events/issues';
import { toSqsBody } from '../platform/sqs-body';

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
  receivedAt: string;
  requestId: string;
  method: string;
  route: string;
  rawQueryString: string;
  headers: Record<string, string>;
  body: string | undefined;
  isBase64Encoded: boolean;
  /** Set when the body was over the size limit: only its first `maxBodyBytes` are kept. */
  truncated?: { originalBytes: number; keptBytes: number };
}

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
  const record: QuarantineRecord = {
    quarantineVersion: 1,
    reason,
    status,
    issues,
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
  if (bytes !== undefined && bytes.length > maxBodyBytes) {
    // Over the limit: keep the head, base64 so a cut inside a character cannot corrupt it.
    record.body = bytes.subarray(0, maxBodyBytes).toString('base64');
    record.isBase64Encoded = true;
    record.truncated = { originalBytes: bytes.length, keptBytes: maxBodyBytes };
  }
  return record;
}

function bodyBytes(request: RawRequest): Buffer | undefined {
  if (request.body === undefined) return undefined;
  return Buffer.from(request.body, request.isBase64Encoded ? 'base64' : 'utf8');
}

export async function quarantine(
  sqs: SQSClient,
  queueUrl: string,
  record: QuarantineRecord,
  signal?: AbortSignal,
): Promise<void> {
  await sqs.send(
    new SendMessageCommand({
      QueueUrl: queueUrl,
      MessageBody: toSqsBody(record),
      MessageAttributes: {
        reason: { DataType: 'String', StringValue: record.reason.slice(0, 256) },
        status: { DataType: 'Number', StringValue: String(record.status) },
      },
    }),
    { abortSignal: signal },
  );
}
