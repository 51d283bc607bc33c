/**
 * Freshness at the sender's own pace: the sample day posted as Engage Voice posts it, each event
 * at its own time (quiet gaps longer than the batching window shortened, see sender-pace.ts), to
 * the local stack running the deployed bundles with the deployed defaults (log level, metrics,
 * the event source's batching window and concurrency). For each event: from the 202 to the end
 * of the store invocation that wrote it, when its items are readable in the tables. The same run
 * measures what the cost model needs at this pace: each function's mean duration per
 * invocation, the store's batches, and the bytes each function writes to its logs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deliver, routeFor } from '../bin/cli/sender';
import {
  type Handlers,
  loadBundledHandlers,
  localCredential,
  startLocalStack,
} from '../bin/local/stack';
import { storeDelivery } from '../lambdas/platform/resources';
import { METRIC_NAMESPACE, SERVICE_NAME } from '../lambdas/platform/telemetry';
import { configFromContext } from '../lib/config';
import { sampleDay } from '../samples/sample-day';
import { measureInChild, printFigures } from './child';
import { ingestedLogBytes } from './cost';
import { countFunctionOutput } from './log-lines';
import { compressedOffsetsMs, deliveryOffsetsMs } from './sender-pace';
import { mean, percentile } from './stats';

export interface FreshnessFigures {
  events: number;
  /** Seconds the run took (the day's quiet gaps shortened). */
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Accepted events never stored. */
  lost: number;
  ingestMs: number;
  storeBatches: number;
  storeBatchMs: number;
  /** Log bytes CloudWatch Logs would ingest, overhead included, per request / per batch. */
  ingestLogBytes: number;
  storeLogBytes: number;
}

/** Longest quiet gap kept: above the batching window, so batches are as at the sender's pace. */
const MAX_GAP_MS = (storeDelivery.batchingWindowSeconds + 1) * 1000;

export async function measureFreshness(count: number): Promise<FreshnessFigures> {
  const day = sampleDay().slice(0, count);
  const offsets = compressedOffsetsMs(deliveryOffsetsMs(day), MAX_GAP_MS);
  const output = countFunctionOutput();
  const storedAt = new Map<string, number>();
  const ingestMs: number[] = [];
  const loadHandlers = async (dataDir: string, storeInstances: number): Promise<Handlers> => {
    const bundled = await loadBundledHandlers(dataDir, storeInstances);
    return {
      read: bundled.read,
      ingest: async (event, context) => {
        const started = performance.now();
        const result = await output.attribute('ingest', () => bundled.ingest(event, context));
        ingestMs.push(performance.now() - started);
        return result;
      },
      store: bundled.store.map((store) => async (event, context) => {
        const response = await output.attribute('store', () => store(event, context));
        const now = performance.now();
        const failed = new Set(response?.batchItemFailures.map((f) => f.itemIdentifier));
        for (const record of event.Records) {
          if (!failed.has(record.messageId)) storedAt.set(JSON.parse(record.body).eventId, now);
        }
        return response;
      }),
    };
  };
  const defaults = configFromContext(() => undefined);
  const stack = await startLocalStack({
    port: 0,
    credential: localCredential(),
    dataDir: mkdtempSync(join(tmpdir(), 'bench-freshness-')),
    loadHandlers,
    storeConcurrency: defaults.storeMaxConcurrency,
    batchingWindowSeconds: defaults.storeBatchingWindowSeconds,
    // As the stack deploys the functions (lib/forwarder-function.ts) with the default log level.
    env: {
      POWERTOOLS_LOG_LEVEL: defaults.logLevel,
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRIC_NAMESPACE,
      POWERTOOLS_METRICS_DISABLED: 'false',
    },
  });
  try {
    const answeredAt = new Map<string, number>();
    const started = performance.now();
    // One request after the other, each at its time: events of one second go back to back.
    for (const [index, event] of day.entries()) {
      const wait = started + (offsets[index] ?? 0) - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const { status, body } = await deliver(
        stack.endpoints.apiUrl,
        routeFor(event),
        stack.endpoints.token,
        event,
        index % 2 === 0 ? 'query' : 'json',
      );
      if (status !== 202) throw new Error(`event ${index} answered ${status}`);
      const now = performance.now();
      for (const { eventId } of (body as { accepted: { eventId: string }[] }).accepted) {
        if (!answeredAt.has(eventId)) answeredAt.set(eventId, now);
      }
    }
    const deadline = Date.now() + 60_000;
    while ([...answeredAt.keys()].some((id) => !storedAt.has(id)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const latencies = [...answeredAt].flatMap(([id, at]) => {
      const stored = storedAt.get(id);
      return stored === undefined ? [] : [stored - at];
    });
    const stats = stack.poller.stats;
    const perInvocation = (name: string, invocations: number) => {
      const { lines, bytes } = output.written(name);
      return ingestedLogBytes(lines, bytes) / invocations;
    };
    return {
      events: day.length,
      seconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      maxMs: Math.max(...latencies),
      lost: answeredAt.size - latencies.length,
      ingestMs: mean(ingestMs),
      storeBatches: stats.invocations,
      storeBatchMs: mean(stats.durationsMs),
      ingestLogBytes: perInvocation('ingest', ingestMs.length),
      storeLogBytes: perInvocation('store', stats.invocations),
    };
  } finally {
    await stack.stop();
    output.restore();
  }
}

/** One measurement in a fresh process (see bench/child.ts). */
export const measureFreshnessInChild = (events: number) =>
  measureInChild<FreshnessFigures>(__filename, [String(events)]);

/** `npx tsx bench/freshness.ts [events]`: this figure alone, on the day's first events. */
if (require.main === module) printFigures(measureFreshness(Number(process.argv[2] ?? 120)));
