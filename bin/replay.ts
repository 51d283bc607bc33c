/**
 * Re-submits what could not be processed (`npm run replay -- <source> [options]`):
 *   quarantine   refused requests, re-sent exactly as they came (method, route, query, body)
 *   dlq          events the store could not write, re-posted from their raw fields
 *   <file|dir|-> events from files: one JSON event, a JSON array, or NDJSON
 * to any endpoint (--url, --token; defaults from .local/endpoints.json). A queue message is
 * deleted only after the endpoint accepted it; what is refused again stays where it was.
 */
import { parseArgs } from 'node:util';
import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { QuarantineRecord } from '../lambdas/ingest/quarantine';
import { sqsClientOptions } from '../lambdas/platform/sqs';
import { readLocalEndpoints } from './cli/endpoints';
import { readEvents } from './cli/event-files';
import { deliver, type SendEncoding } from './cli/sender';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './local/emulators';

const USAGE = `usage: npm run replay -- quarantine|dlq|<file|dir|-> [--url URL] [--token T]
                        [--queue-url URL] [--encoding json|query|form] [--dry-run]
Queue sources read the local stack's queues unless --queue-url is given (then the AWS SDK's
usual credentials and region are used).`;

interface Options {
  apiUrl: string;
  token: string;
  dryRun: boolean;
}
interface Tally {
  replayed: number;
  refused: number;
  skipped: number;
}

async function replayRequest(record: QuarantineRecord, options: Options): Promise<number> {
  const headers: Record<string, string> = { 'x-webhook-token': options.token };
  const contentType = record.headers['content-type'];
  if (contentType !== undefined) headers['content-type'] = contentType;
  const query = record.rawQueryString === '' ? '' : `?${record.rawQueryString}`;
  const body =
    record.body === undefined
      ? undefined
      : record.isBase64Encoded
        ? Buffer.from(record.body, 'base64')
        : record.body;
  const response = await fetch(`${options.apiUrl}${record.route}${query}`, {
    method: record.method === 'GET' ? 'GET' : 'POST',
    headers,
    body: record.method === 'GET' ? undefined : body,
  });
  await response.arrayBuffer();
  return response.status;
}

/** Makes a message visible again at once, for the operator or the next replay. */
async function release(sqs: SQSClient, queueUrl: string, message: Message): Promise<void> {
  await sqs.send(
    new ChangeMessageVisibilityCommand({
      QueueUrl: queueUrl,
      ReceiptHandle: message.ReceiptHandle,
      VisibilityTimeout: 0,
    }),
  );
}

/** What to do with one queued message: re-send it and say the HTTP status, or skip it. */
type Resend = (message: Message) => Promise<number | 'skip'>;

async function replayQueue(sqs: SQSClient, queueUrl: string, resend: Resend, options: Options) {
  const tally: Tally = { replayed: 0, refused: 0, skipped: 0 };
  const seen = new Set<string>();
  const startedAt = Date.now();
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        // Long enough that a message refused again is not received twice in this run.
        VisibilityTimeout: 300,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['SentTimestamp'],
      }),
    );
    // Only what was queued before the replay began, once: a request refused again is
    // quarantined anew by the endpoint, and replaying that copy would never end.
    const fresh = Messages.filter(
      (message) =>
        !seen.has(message.MessageId ?? '') && Number(message.Attributes?.SentTimestamp) < startedAt,
    );
    for (const message of Messages) {
      if (!fresh.includes(message)) await release(sqs, queueUrl, message);
    }
    if (fresh.length === 0) return tally;
    for (const message of fresh) {
      seen.add(message.MessageId ?? '');
      const status = options.dryRun ? 'skip' : await resend(message);
      if (status === 'skip') {
        tally.skipped += 1;
        await release(sqs, queueUrl, message);
      } else if (status >= 200 && status < 300) {
        tally.replayed += 1;
        await sqs.send(
          new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }),
        );
      } else {
        tally.refused += 1;
        await release(sqs, queueUrl, message);
        console.error(`message ${message.MessageId}: answered ${status}; left in the queue`);
      }
    }
  }
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'queue-url': { type: 'string' },
      encoding: { type: 'string', default: 'json' },
      'dry-run': { type: 'boolean', default: false },
    },
  });
  const [source] = positionals;
  if (source === undefined) {
    console.error(USAGE);
    return 2;
  }
  const needsLocal =
    !(values.url && values.token) ||
    ((source === 'quarantine' || source === 'dlq') && !values['queue-url']);
  const local = needsLocal ? readLocalEndpoints() : undefined;
  const options: Options = {
    apiUrl: values.url ?? local?.apiUrl ?? '',
    token: values.token ?? local?.token ?? '',
    dryRun: values['dry-run'],
  };

  let tally: Tally;
  if (source === 'quarantine' || source === 'dlq') {
    const sqs = values['queue-url']
      ? new SQSClient(sqsClientOptions)
      : new SQSClient({
          ...sqsClientOptions,
          region: LOCAL_REGION,
          credentials: LOCAL_CREDENTIALS,
          endpoint: local?.sqs.endpoint,
        });
    const queueUrl =
      values['queue-url'] ??
      (source === 'quarantine' ? local?.sqs.quarantineQueueUrl : local?.sqs.dlqUrl) ??
      '';
    const resend: Resend =
      source === 'quarantine'
        ? async (message) => {
            const record = JSON.parse(message.Body ?? '{}') as QuarantineRecord;
            // A body cut at the size limit cannot be re-sent as it was.
            if (record.truncated !== undefined) return 'skip';
            return replayRequest(record, options);
          }
        : async (message) => {
            const envelope = JSON.parse(message.Body ?? '{}') as {
              raw?: Record<string, unknown>;
              transport?: { route?: string };
            };
            if (envelope.raw === undefined) return 'skip';
            const route = envelope.transport?.route ?? '/v1/events';
            return (await deliver(options.apiUrl, route, options.token, envelope.raw, 'json'))
              .status;
          };
    tally = await replayQueue(sqs, queueUrl, resend, options);
  } else {
    tally = { replayed: 0, refused: 0, skipped: 0 };
    for (const event of readEvents(source)) {
      if (options.dryRun) {
        tally.skipped += 1;
        continue;
      }
      const { status } = await deliver(
        options.apiUrl,
        '/v1/events',
        options.token,
        event,
        values.encoding as SendEncoding,
      );
      if (status >= 200 && status < 300) tally.replayed += 1;
      else tally.refused += 1;
    }
  }
  console.log(
    `replayed ${tally.replayed}, refused again ${tally.refused}, skipped ${tally.skipped}`,
  );
  return tally.refused === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
