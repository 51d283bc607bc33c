/**
 * Re-submits what could not be processed (`npm run replay -- <source> [options]`):
 *   quarantine   refused requests, re-sent exactly as they came (method, route, query, body)
 *   dlq          events the store could not write, re-posted from their raw fields
 *   <file|dir|-> events from files: one JSON event, a JSON array, or NDJSON
 * to any endpoint (--url and the credential from the environment or the secret; defaults from
 * .local/endpoints.json). A queue message is deleted once the endpoint accepted it, or refused
 * it again (400/413/422), since the endpoint then keeps the refusal anew in the quarantine with
 * its fresh reason: each refused request stays there exactly once. A wrong --url or credential
 * stops the command before anything is deleted.
 */
import { randomUUID } from 'node:crypto';
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import type { QuarantineRecord } from '../lambdas/ingest/quarantine';
import { endStation } from './cli/aws';
import { flags, oneOf, runCommand, UsageError } from './cli/command';
import { readEvents } from './cli/event-files';
import { type QueueMessages, queueMessages } from './cli/queue-messages';
import {
  REPLAY_RUN_HEADER,
  type ReplayRequest,
  RunStopped,
  sendReplay,
  whyRefused,
} from './cli/replay-request';
import { type Delivery, encodeEvent, SEND_ENCODINGS, type SendEncoding } from './cli/sender';
import { type ApiTarget, apiTarget, checkApi, commandErrorOf, TARGET_USAGE } from './cli/target';

const USAGE = `usage: npm run replay -- quarantine|dlq|<file|dir|-> [--url URL] [--secret-arn ARN]
                        [--queue-url URL] [--encoding json|query|form] [--dry-run]
Queue sources read the local stack's queues unless --queue-url is given (then your AWS
credentials are used, in the queue's region).
  ${TARGET_USAGE}`;

/** What one replayed item came to. */
type Outcome =
  | { kind: 'replayed' }
  | { kind: 'refused'; status: number; why: string }
  | { kind: 'skipped'; why: string };

interface Tally {
  replayed: number;
  refused: { item: string; status: number; why: string }[];
  skipped: { item: string; why: string }[];
}

/** Classifies an answer; a wrong URL or credential, or an answer of no kind we know, stops the run. */
function outcomeOf(delivery: Delivery, target: ApiTarget): Outcome {
  const { status } = delivery;
  if (status >= 200 && status < 300) return { kind: 'replayed' };
  const commandError = commandErrorOf(status, target.apiUrl);
  if (commandError !== undefined) throw new RunStopped(commandError, 2);
  if (status === 400 || status === 413 || status === 422) {
    return { kind: 'refused', status, why: whyRefused(delivery) };
  }
  throw new RunStopped(`${target.apiUrl} answered ${status} (${whyRefused(delivery)})`, 1);
}

async function replay(target: ApiTarget, request: ReplayRequest, runId: string) {
  return outcomeOf(await sendReplay(target, request, runId), target);
}

/** Re-sends a quarantined request as it came; a body cut at the size limit cannot be. */
function replayRecord(record: QuarantineRecord, target: ApiTarget, runId: string) {
  if (record.truncated !== undefined) {
    return { kind: 'skipped', why: 'its body was cut at the size limit' } as const;
  }
  const body =
    record.body === undefined
      ? undefined
      : record.isBase64Encoded
        ? Buffer.from(record.body, 'base64')
        : record.body;
  return replay(
    target,
    {
      method: record.method,
      path: `${record.route}${record.rawQueryString === '' ? '' : `?${record.rawQueryString}`}`,
      body,
      contentType: record.headers['content-type'],
      replayOf: record.requestId,
    },
    runId,
  );
}

/** Re-posts a DLQ message's event from its raw fields, to the route it first came by. */
function replayEnvelope(message: Message, target: ApiTarget, runId: string) {
  let envelope: { raw?: Record<string, unknown>; transport?: { route?: string } };
  try {
    envelope = JSON.parse(message.Body ?? '{}');
  } catch {
    return { kind: 'skipped', why: 'not JSON' } as const;
  }
  if (envelope.raw === undefined) {
    return { kind: 'skipped', why: 'it holds no raw fields' } as const;
  }
  return replay(
    target,
    {
      ...encodeEvent(envelope.transport?.route ?? '/v1/events', envelope.raw, 'json'),
      method: 'POST',
      replayOf: message.MessageId ?? '',
    },
    runId,
  );
}

function recordOf(message: Message): QuarantineRecord | undefined {
  try {
    const record = JSON.parse(message.Body ?? '') as QuarantineRecord;
    return record.quarantineVersion === 1 ? record : undefined;
  } catch {
    return undefined;
  }
}

function describeRecord(message: Message, record: QuarantineRecord | undefined): string {
  return record === undefined
    ? `message ${message.MessageId}`
    : `request ${record.requestId} (received ${record.receivedAt}, ${record.method} ${record.route})`;
}

async function replayQueue(
  queue: QueueMessages,
  source: 'quarantine' | 'dlq',
  target: ApiTarget,
  runId: string,
  dryRun: boolean,
  tally: Tally,
): Promise<void> {
  try {
    for await (const message of queue.each()) {
      const record = source === 'quarantine' ? recordOf(message) : undefined;
      // A copy this run caused (refused again and kept anew): never replayed in the same run.
      if (record?.headers?.[REPLAY_RUN_HEADER] === runId) continue;
      const item =
        source === 'quarantine' ? describeRecord(message, record) : `event ${message.MessageId}`;
      const outcome: Outcome = dryRun
        ? { kind: 'skipped', why: 'dry run' }
        : source === 'dlq'
          ? await replayEnvelope(message, target, runId)
          : record === undefined
            ? { kind: 'skipped', why: 'not a quarantine record' }
            : await replayRecord(record, target, runId);
      if (outcome.kind === 'skipped') {
        tally.skipped.push({ item, why: outcome.why });
        continue;
      }
      // Accepted, or refused again: then the endpoint kept the refusal anew with its fresh
      // reason, so the old copy goes either way and each refused request stays there once.
      await queue.remove(message);
      if (outcome.kind === 'replayed') tally.replayed += 1;
      else tally.refused.push({ item, status: outcome.status, why: outcome.why });
    }
  } finally {
    await queue.releaseAll();
  }
}

async function replayFiles(
  source: string,
  target: ApiTarget,
  runId: string,
  encoding: SendEncoding,
  dryRun: boolean,
  tally: Tally,
): Promise<void> {
  for (const [index, event] of readEvents(source).entries()) {
    const item = `event ${index + 1} of ${source}`;
    if (dryRun) {
      tally.skipped.push({ item, why: 'dry run' });
      continue;
    }
    const outcome = await replay(
      target,
      { ...encodeEvent('/v1/events', event, encoding), method: 'POST', replayOf: item },
      runId,
    );
    if (outcome.kind === 'replayed') tally.replayed += 1;
    else if (outcome.kind === 'refused')
      tally.refused.push({ item, status: outcome.status, why: outcome.why });
  }
}

function report(tally: Tally, source: string): void {
  console.log(
    `replayed ${tally.replayed}, refused again ${tally.refused.length}, skipped ${tally.skipped.length}`,
  );
  if (tally.refused.length > 0) {
    console.log(
      source === 'quarantine' || source === 'dlq'
        ? `refused again (kept anew in the quarantine with the reason below; the old ${source === 'dlq' ? 'DLQ message' : 'copy'} removed):`
        : 'refused again (kept in the quarantine with the reason below):',
    );
    for (const { item, status, why } of tally.refused) console.log(`  ${item}: ${status} ${why}`);
  }
  if (tally.skipped.length > 0) {
    console.log('skipped (left where they were):');
    for (const { item, why } of tally.skipped) console.log(`  ${item}: ${why}`);
  }
}

async function main(): Promise<number> {
  const { values, positionals } = flags({
    allowPositionals: true,
    options: {
      url: { type: 'string' },
      token: { type: 'string' },
      'secret-arn': { type: 'string' },
      'queue-url': { type: 'string' },
      encoding: { type: 'string', default: 'json' },
      'dry-run': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [source, ...extra] = positionals;
  if (source === undefined) throw new UsageError('name what to replay: quarantine, dlq, or a file');
  if (extra.length > 0) throw new UsageError(`one source at a time, not also ${extra.join(' ')}`);
  const encoding = oneOf(values.encoding, 'encoding', SEND_ENCODINGS);
  const target = await apiTarget(values);
  if (!values['dry-run']) await checkApi(target.apiUrl);
  const runId = randomUUID();

  const tally: Tally = { replayed: 0, refused: [], skipped: [] };
  let sqs: SQSClient | undefined;
  try {
    if (source === 'quarantine' || source === 'dlq') {
      const station = await endStation(source, values['queue-url']);
      sqs = station.sqs;
      await replayQueue(
        queueMessages(sqs, station.queueUrl),
        source,
        target,
        runId,
        values['dry-run'],
        tally,
      );
    } else {
      await replayFiles(source, target, runId, encoding, values['dry-run'], tally);
    }
  } catch (error) {
    // Whatever stopped the run, what it did so far is said, and the rest is where it was.
    report(tally, source);
    console.error((error as Error).message);
    console.error('stopped: nothing more was sent; what was not replayed is where it was');
    return error instanceof RunStopped ? error.exitCode : 1;
  } finally {
    sqs?.destroy();
  }
  report(tally, source);
  return tally.refused.length === 0 ? 0 : 1;
}

runCommand('npm run replay', main, USAGE);
