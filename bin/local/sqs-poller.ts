/**
 * Drives an SQS-triggered handler the way the Lambda event source mapping does: receive batches,
 * build the SQS event, invoke, delete only what succeeded (partial batch responses), and leave
 * failures to come back after the visibility timeout, until the queue's redrive policy moves
 * them to the DLQ.
 */
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from './lambda-context';

export type SqsHandler = (
  event: SQSEvent,
  context: Context,
) => Promise<SQSBatchResponse | undefined>;

export interface PollerOptions {
  sqs: SQSClient;
  queueUrl: string;
  queueArn: string;
  /**
   * One handler per function instance. Like Lambda, an instance runs one batch at a time (the
   * store keeps per-invocation state, e.g. its batch processor); passing the same handler more
   * than once serializes its invocations, passing separately loaded ones runs them in parallel.
   */
  handlers: readonly SqsHandler[];
  batchSize: number;
  /**
   * Once a batch has its first message, how long to wait for it to fill up (batchSize) before
   * invoking; 0 invokes with what one receive brings.
   */
  batchingWindowSeconds: number;
  /** Seconds a failed message stays hidden before it is received again; above the window. */
  visibilityTimeoutSeconds: number;
  /** Long-poll wait per receive. */
  waitTimeSeconds?: number;
}

export interface PollerStats {
  invocations: number;
  received: number;
  succeeded: number;
  failed: number;
  /** Handler durations in milliseconds, one per invocation. */
  durationsMs: number[];
}

export interface Poller {
  readonly stats: PollerStats;
  /** Stops receiving and waits for the batches in flight. */
  stop(): Promise<void>;
}

/** The record Lambda hands the function for one received message. */
export function toSqsRecord(message: Message, queueArn: string): SQSRecord {
  const system = message.Attributes ?? {};
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: system.ApproximateReceiveCount ?? '1',
      SentTimestamp: system.SentTimestamp ?? String(Date.now()),
      SenderId: system.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp:
        system.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        {
          dataType: value.DataType ?? 'String',
          stringValue: value.StringValue,
          stringListValues: [],
          binaryListValues: [],
        },
      ]),
    ),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: queueArn.split(':')[3] ?? 'us-east-1',
  };
}

/**
 * The messages of a batch to delete after an invocation that returned `response`, as the event
 * source decides with ReportBatchItemFailures: all when no failure is reported (no response, no
 * list, an empty list), all but the reported ones otherwise. A reported failure that names no
 * message of this batch (empty, missing or unknown itemIdentifier) fails the whole batch in Lambda,
 * so nothing is deleted then: a wrong response never loses a message.
 */
export function succeededMessages(
  messages: readonly Message[],
  response: SQSBatchResponse | undefined,
): Message[] {
  const failures = response?.batchItemFailures ?? [];
  const inBatch = new Set(messages.map((message) => message.MessageId));
  // Entries are checked at run time: the handler's JavaScript may return anything.
  if (failures.some((failure) => !inBatch.has(failure?.itemIdentifier))) return [];
  const failed = new Set(failures.map((failure) => failure.itemIdentifier));
  return messages.filter((message) => !failed.has(message.MessageId ?? ''));
}

/**
 * A message would come back, and be received again, while its first batch still gathers: the
 * window must be shorter than the visibility timeout (callers check before starting anything).
 */
export function checkBatchingWindow(
  batchingWindowSeconds: number,
  visibilityTimeoutSeconds: number,
): void {
  if (!(batchingWindowSeconds < visibilityTimeoutSeconds)) {
    throw new RangeError(
      `batchingWindowSeconds (${batchingWindowSeconds}) must be less than visibilityTimeoutSeconds (${visibilityTimeoutSeconds})`,
    );
  }
}

/** Starts polling; returns at once. */
export function startPoller(options: PollerOptions): Poller {
  checkBatchingWindow(options.batchingWindowSeconds, options.visibilityTimeoutSeconds);
  const stats: PollerStats = {
    invocations: 0,
    received: 0,
    succeeded: 0,
    failed: 0,
    durationsMs: [],
  };
  let running = true;
  const abort = new AbortController();

  const inFlight = new Map<SqsHandler, Promise<unknown>>();
  /** Runs the invocation after any still running on the same instance. */
  const invoke = (handler: SqsHandler, event: SQSEvent, requestId: string) => {
    const previous = inFlight.get(handler) ?? Promise.resolve();
    const invocation = previous
      .catch(() => undefined)
      .then(async () => {
        const started = performance.now();
        try {
          return await handler(event, lambdaContext('engage-wfm-store-local', requestId, 30_000));
        } finally {
          stats.durationsMs.push(performance.now() - started);
        }
      });
    inFlight.set(handler, invocation);
    return invocation;
  };

  const processBatch = async (handler: SqsHandler, messages: Message[]) => {
    const event: SQSEvent = { Records: messages.map((m) => toSqsRecord(m, options.queueArn)) };
    stats.invocations += 1;
    stats.received += messages.length;
    let done: Message[];
    try {
      done = succeededMessages(messages, await invoke(handler, event, `poll-${stats.invocations}`));
    } catch {
      // A thrown error fails the whole batch, as with Lambda.
      done = [];
    }
    stats.failed += messages.length - done.length;
    stats.succeeded += done.length;
    if (done.length > 0) {
      await options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: options.queueUrl,
          Entries: done.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
  };

  const receive = async (upTo: number, waitTimeSeconds: number) => {
    const { Messages = [] } = await options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: options.queueUrl,
        // SQS hands out at most 10 messages per receive; bigger batches take several.
        MaxNumberOfMessages: Math.min(10, upTo),
        WaitTimeSeconds: waitTimeSeconds,
        VisibilityTimeout: options.visibilityTimeoutSeconds,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: abort.signal },
    );
    return Messages;
  };

  /** A batch as the event source gathers it: full, or when the batching window closes. */
  const gather = async () => {
    const batch = await receive(options.batchSize, options.waitTimeSeconds ?? 1);
    const closesAt = Date.now() + options.batchingWindowSeconds * 1000;
    while (
      running &&
      batch.length > 0 &&
      batch.length < options.batchSize &&
      Date.now() < closesAt
    ) {
      const more = await receive(options.batchSize - batch.length, 0);
      if (more.length > 0) batch.push(...more);
      else await new Promise((resolve) => setTimeout(resolve, Math.min(50, closesAt - Date.now())));
    }
    return batch;
  };

  const loop = async (handler: SqsHandler) => {
    while (running) {
      try {
        const messages = await gather();
        if (messages.length > 0) await processBatch(handler, messages);
      } catch {
        // The queue is unreachable (stopped emulator, say): back off and try again, as the
        // event source does.
        if (running) await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  };

  const loops = options.handlers.map(loop);
  return {
    stats,
    stop: async () => {
      running = false;
      abort.abort();
      await Promise.all(loops);
    },
  };
}
