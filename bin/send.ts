/**
 * Posts events to the endpoint as Engage Voice would (`npm run send -- <file|dir|-> [options]`):
 * one request per event, query-string (the sender's default) or JSON encoding, at a chosen rate,
 * with a progress bar on long runs and a summary of what was accepted and rejected, and why.
 * With --wait it then waits until the store has stored everything accepted.
 */
import { regionOf, sqsFor } from './cli/aws';
import { flags, oneOf, runCommand, UsageError, wholeNumber } from './cli/command';
import { readEvents } from './cli/event-files';
import { type Delivery, deliver, routeFor, SEND_ENCODINGS } from './cli/sender';
import { queueCounts, waitUntilDrained } from './cli/store-queue';
import { type ApiTarget, apiTarget, checkApi, commandErrorOf, TARGET_USAGE } from './cli/target';

const USAGE = `usage: npm run send -- <file|dir|-> [--encoding query|json|form] [--rate N] [--concurrency N]
                     [--route /v1/events] [--wait [--queue-url Q --dlq-url D]]
                     [--url URL] [--secret-arn ARN]
Events: one JSON object, a JSON array, or NDJSON. --rate is events per second (0 = as fast as
--concurrency allows). --wait: afterwards, wait until the store has stored everything accepted
(its queue drained, nothing in flight) and say how many went to the DLQ; the local stack's
queues, or a deployed stack's: --queue-url <its queue named *StorageEvents*> --dlq-url <DlqUrl>.
  ${TARGET_USAGE}`;

interface Summary {
  accepted: number;
  rejected: Map<string, number>;
}

function reasonOf(delivery: Delivery): string {
  const body = delivery.body as { error?: unknown } | undefined;
  const error = typeof body?.error === 'string' ? body.error : 'no error text';
  return `${delivery.status} ${error}`;
}

function progress(done: number, total: number, startedAt: number): void {
  const width = 30;
  const filled = Math.round((done / total) * width);
  const rate = done / Math.max(0.001, (Date.now() - startedAt) / 1000);
  process.stderr.write(
    `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(0)}/s `,
  );
}

/**
 * The store's queue and the DLQ that --wait watches: the local stack's, or the ones named
 * (a deployed stack's, read with your AWS credentials: the store's queue is on purpose no stack
 * output, since a consumer there would take events from the store; its name holds
 * `StorageEvents`).
 */
async function storeQueues(
  target: ApiTarget,
  queueUrl: string | undefined,
  dlqUrl: string | undefined,
) {
  if (queueUrl !== undefined) {
    if (dlqUrl === undefined) {
      throw new UsageError('--wait with --queue-url needs --dlq-url too (the stack output DlqUrl)');
    }
    // AWS's queue counts can lag by a minute: only a minute of zeros says drained there.
    const settleMs = regionOf(queueUrl) === undefined ? 0 : 60_000;
    return { sqs: await sqsFor(queueUrl), eventsQueueUrl: queueUrl, dlqUrl, settleMs };
  }
  const local = target.local;
  if (local === undefined) {
    throw new UsageError(
      "--wait against a deployed stack needs its store's queue: --queue-url <the queue whose name holds StorageEvents> --dlq-url <DlqUrl>",
    );
  }
  return {
    sqs: await sqsFor(local.sqs.eventsQueueUrl, local.sqs.endpoint),
    eventsQueueUrl: local.sqs.eventsQueueUrl,
    dlqUrl: local.sqs.dlqUrl,
    settleMs: 0,
  };
}

async function main(): Promise<number> {
  const { values, positionals } = flags({
    allowPositionals: true,
    options: {
      encoding: { type: 'string', default: 'query' },
      rate: { type: 'string', default: '0' },
      concurrency: { type: 'string', default: '8' },
      url: { type: 'string' },
      token: { type: 'string' },
      'secret-arn': { type: 'string' },
      route: { type: 'string' },
      wait: { type: 'boolean', default: false },
      'queue-url': { type: 'string' },
      'dlq-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length === 0)
    throw new UsageError('no events to send: name a file, a directory or -');
  const encoding = oneOf(values.encoding, 'encoding', SEND_ENCODINGS);
  const rate = wholeNumber(values.rate, 'rate', 0);
  const concurrency = wholeNumber(values.concurrency, 'concurrency');
  const target = await apiTarget(values);
  const store = values.wait
    ? await storeQueues(target, values['queue-url'], values['dlq-url'])
    : undefined;
  await checkApi(target.apiUrl);
  const events = positionals.flatMap((source) => readEvents(source));
  const dlqBefore = store === undefined ? 0 : (await queueCounts(store.sqs, store.dlqUrl)).waiting;
  const showProgress = process.stderr.isTTY && events.length >= 100;

  const summary: Summary = { accepted: 0, rejected: new Map() };
  const startedAt = Date.now();
  let next = 0;
  let done = 0;
  let commandError: string | undefined;
  const worker = async () => {
    while (next < events.length && commandError === undefined) {
      const index = next++;
      if (rate > 0) {
        const due = startedAt + (index / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const event = events[index] as Record<string, unknown>;
      const route = values.route ?? routeFor(event);
      try {
        const delivery = await deliver(target.apiUrl, route, target.token, event, encoding);
        commandError ??= commandErrorOf(delivery.status, target.apiUrl);
        if (delivery.status === 202) summary.accepted += 1;
        else
          summary.rejected.set(
            reasonOf(delivery),
            (summary.rejected.get(reasonOf(delivery)) ?? 0) + 1,
          );
      } catch (error) {
        const reason = `unreachable ${(error as Error).message}`;
        summary.rejected.set(reason, (summary.rejected.get(reason) ?? 0) + 1);
      }
      done += 1;
      if (showProgress && done % 25 === 0) progress(done, events.length, startedAt);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (showProgress) progress(done, events.length, startedAt);
  if (showProgress) process.stderr.write('\n');
  // A wrong credential or route refuses every event alike: say so once, as an error of the command.
  if (commandError !== undefined)
    throw new UsageError(`${commandError}; stopped after ${done} event(s)`);

  const seconds = (Date.now() - startedAt) / 1000;
  console.log(
    `sent ${events.length} events in ${seconds.toFixed(1)} s (${(events.length / seconds).toFixed(0)}/s), ${encoding} encoding`,
  );
  console.log(`accepted: ${summary.accepted}`);
  for (const [reason, count] of [...summary.rejected].sort((a, b) => b[1] - a[1])) {
    console.log(`rejected: ${count}  ${reason}`);
  }
  if (store !== undefined) {
    const drained = await waitUntilDrained(store.sqs, store.eventsQueueUrl, {
      settleMs: store.settleMs,
      onWaiting: (left) => {
        if (process.stderr.isTTY) process.stderr.write(`\rwaiting for the store: ${left} left   `);
      },
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    const inDlq = (await queueCounts(store.sqs, store.dlqUrl)).waiting - dlqBefore;
    store.sqs.destroy();
    if (!drained) {
      console.log(
        "stored: not yet; nothing has left the store's queue for 10 minutes (npm run inspect, or wait)",
      );
      return 1;
    }
    console.log(
      `stored: the store has caught up with the ${summary.accepted} accepted event(s): its queue is drained, nothing in flight; ${Math.max(0, inDlq)} went to the DLQ${inDlq > 0 ? ' (npm run inspect -- dlq)' : ''}`,
    );
  }
  return summary.rejected.size === 0 ? 0 : 1;
}

runCommand('npm run send', main, USAGE);
