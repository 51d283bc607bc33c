/**
 * Posts events to the endpoint as Engage Voice would (`npm run send -- <file|dir|-> [options]`):
 * one request per event, query-string (the sender's default) or JSON encoding, at a chosen rate,
 * with a progress bar on long runs and a summary of what was accepted and rejected, and why.
 */
import { parseArgs } from 'node:util';
import { readLocalEndpoints } from './cli/endpoints';
import { readEvents } from './cli/event-files';
import { type Delivery, deliver, routeFor, type SendEncoding } from './cli/sender';

const USAGE = `usage: npm run send -- <file|dir|-> [--encoding query|json|form] [--rate N] [--concurrency N]
                     [--url http://127.0.0.1:3000] [--token T] [--route /v1/events]
Events: one JSON object, a JSON array, or NDJSON. Defaults come from .local/endpoints.json.
--rate is events per second (0 = as fast as --concurrency allows).`;

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

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      encoding: { type: 'string', default: 'query' },
      rate: { type: 'string', default: '0' },
      concurrency: { type: 'string', default: '8' },
      url: { type: 'string' },
      token: { type: 'string' },
      route: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help || positionals.length === 0) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  const encoding = values.encoding as SendEncoding;
  if (!['query', 'json', 'form'].includes(encoding))
    throw new Error(`unknown encoding ${encoding}`);
  const local = values.url && values.token ? undefined : readLocalEndpoints();
  const apiUrl = values.url ?? local?.apiUrl ?? '';
  const token = values.token ?? local?.token ?? '';
  const events = positionals.flatMap((source) => readEvents(source));
  const rate = Number(values.rate);
  const concurrency = Math.max(1, Number(values.concurrency));
  const showProgress = process.stderr.isTTY && events.length >= 100;

  const summary: Summary = { accepted: 0, rejected: new Map() };
  const startedAt = Date.now();
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < events.length) {
      const index = next++;
      if (rate > 0) {
        const due = startedAt + (index / rate) * 1000;
        const wait = due - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      const event = events[index] as Record<string, unknown>;
      const route = values.route ?? routeFor(event);
      try {
        const delivery = await deliver(apiUrl, route, token, event, encoding);
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

  const seconds = (Date.now() - startedAt) / 1000;
  console.log(
    `sent ${events.length} events in ${seconds.toFixed(1)} s (${(events.length / seconds).toFixed(0)}/s), ${encoding} encoding`,
  );
  console.log(`accepted: ${summary.accepted}`);
  for (const [reason, count] of [...summary.rejected].sort((a, b) => b[1] - a[1])) {
    console.log(`rejected: ${count}  ${reason}`);
  }
  return summary.rejected.size === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(2);
  },
);
