/**
 * `npm run bench [-- --quick] [-- --json]`: every figure of the performance budget, measured in
 * one run as ratios against floors measured in the same run, with min/median/max over repeats.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tables } from '../lambdas/platform/resources';
import { sampleDayBodies } from '../samples/sample-day';
import { buildBundles, bundleKiB, type ColdImport, measureColdImport, median } from './cold-import';
import { measureEndToEndInChild } from './e2e';
import { measureIntervalsDay } from './intervals';
import { measureAgentsRead } from './read';
import { sessionWritesPerEventAtSenderPace } from './sender-pace';
import { measureSubscription } from './subscription';
import { measureValidation } from './validation';
import { againstFloor, measureWarmCpu } from './warm-cpu';

export const BUDGETS = {
  'bundleKiB.ingest': { max: 400 },
  'bundleKiB.store': { max: 400 },
  'coldImportRatio.ingest': { max: 1.25 },
  'coldImportRatio.store': { max: 1.25 },
  'warmCpuRatio.ingest': { max: 1.15 },
  validationVsJsonParse: { min: 0.5 },
  'e2e.lost': { max: 0 },
  writeUnitsPerEvent: { max: 2.0 },
  costPerMillionEventsUsd: { max: 3.0 },
} as const;

interface Range {
  min: number;
  median: number;
  max: number;
}
const range = (values: number[]): Range => ({
  min: Math.min(...values),
  median: median(values),
  max: Math.max(...values),
});
const round = (value: number, digits = 3) => Number(value.toFixed(digits));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const quick = values.quick;
  const log = (line: string) => {
    if (!values.json) console.error(line);
  };
  const dir = mkdtempSync(join(tmpdir(), 'bench-'));
  const day = sampleDayBodies();

  log('building bundles ...');
  const bundles = await buildBundles(dir);
  log('cold imports ...');
  const coldRounds = quick ? 1 : 5;
  const cold = { ingest: [] as ColdImport[], store: [] as ColdImport[], read: [] as ColdImport[] };
  for (let roundIndex = 0; roundIndex < coldRounds; roundIndex++) {
    for (const name of ['ingest', 'store', 'read'] as const) {
      cold[name].push(measureColdImport(bundles, name, quick ? 5 : 21, dir));
    }
  }
  const coldRatios = {
    ingest: cold.ingest.map((run) => run.ratio),
    store: cold.store.map((run) => run.ratio),
    read: cold.read.map((run) => run.ratio),
  };
  const coldMs = (runs: ColdImport[]) => ({
    handler: round(median(runs.map((run) => run.handlerMs)), 1),
    floor: round(median(runs.map((run) => run.floorMs)), 1),
  });
  log('warm CPU ...');
  const warm = await measureWarmCpu(
    bundles.handler.ingest,
    day.slice(0, quick ? 300 : 1500),
    dir,
    quick ? 2 : 5,
  );
  const warmRatios = {
    ingest: againstFloor(warm, 'handler'),
    queueMessageAlone: againstFloor(warm, 'queueMessageAlone'),
    logAndMetricsOff: againstFloor(warm, 'logAndMetricsOff'),
  };
  log('validation throughput ...');
  const validationFigures = measureValidation(quick ? 2 : 5, quick ? 200 : 500, day);
  const validation = validationFigures.map((figure) => figure.ratio);
  const validationCeiling = validationFigures.map((figure) => figure.ceilingRatio);
  log('end to end on the local stack ...');
  const runs = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    runs.push(await measureEndToEndInChild(quick ? 600 : day.length, quick ? 150 : 250));
  }
  log('the agents API with 500 agents logged in ...');
  const agentsRead = await measureAgentsRead(500, quick ? 10 : 50);
  // Loading a 200-agent day into DynamoDB Local takes minutes: the full run only.
  let intervals: Awaited<ReturnType<typeof measureIntervalsDay>> | undefined;
  if (!quick) {
    log('the interval routes on a generated 200-agent day ...');
    intervals = await measureIntervalsDay(200, 3);
  }
  log('the agent-state subscription route ...');
  const subscription = await measureSubscription(quick ? 100 : 500);
  const costs = runs.map((run) => run.cost);
  const sessionsTable = tables.sessions.defaultName;
  // Over the events the e2e run sent (the quick run sends only the start of the day).
  const sessionWritesAtSenderPace = sessionWritesPerEventAtSenderPace(
    day.slice(0, runs[0]?.events ?? day.length),
  );

  const result = {
    bundleKiB: {
      ingest: round(bundleKiB(bundles.handler.ingest), 1),
      store: round(bundleKiB(bundles.handler.store), 1),
      // Not budgeted: the read function's bundle holds the wallboard page too.
      read: round(bundleKiB(bundles.handler.read), 1),
    },
    coldImportRatio: {
      ingest: round(median(coldRatios.ingest)),
      store: round(median(coldRatios.store)),
      read: round(median(coldRatios.read)),
    },
    coldImportMs: {
      ingest: coldMs(cold.ingest),
      store: coldMs(cold.store),
      read: coldMs(cold.read),
    },
    warmCpuRatio: {
      ingest: round(median(warmRatios.ingest)),
      // Not budgets: where the handler's extra goes (see bench/warm-cpu.ts).
      queueMessageAlone: round(median(warmRatios.queueMessageAlone)),
      logAndMetricsOff: round(median(warmRatios.logAndMetricsOff)),
    },
    validationVsJsonParse: round(median(validation)),
    /** Not a budget: JSON.parse plus one SHA-256 of the body (see bench/validation.ts). */
    validationVsJsonParseCeiling: round(median(validationCeiling)),
    e2e: {
      eventsPerSecond: round(median(runs.map((run) => run.eventsPerSecond)), 1),
      p99Ms: round(median(runs.map((run) => run.p99Ms)), 1),
      lost: Math.max(...runs.map((run) => run.lost)),
    },
    writeUnitsPerEvent: round(median(runs.map((run) => run.writeUnitsPerEvent))),
    /**
     * Not a budget: the same day with the session writes it would take at the sender's own pace,
     * each taken as one unit (session items stay under 1 KB); the rest as measured.
     */
    writeUnitsPerEventAtSenderPace: round(
      median(
        runs.map(
          (run) =>
            run.writeUnitsPerEvent -
            (run.writeUnitsPerEventBySource[sessionsTable] ?? 0) +
            sessionWritesAtSenderPace,
        ),
      ),
    ),
    costPerMillionEventsUsd: round(median(costs.map((cost) => cost.total))),
    /** Not a budget: GET /v1/agents on the local stack, 500 agents logged in. */
    readAgentsMs: agentsRead,
    /** Not a budget: the three interval routes for a generated 200-agent day (full run only). */
    ...(intervals === undefined ? {} : { intervals }),
    /** Not a budget: RingCX's deliveries on the local stack (it waits 3,000 ms at most). */
    subscription,
    ingestLatencyMs: {
      p50: round(median(runs.map((run) => run.ingestP50Ms)), 1),
      p99: round(median(runs.map((run) => run.ingestP99Ms)), 1),
      firstRequest: round(median(runs.map((run) => run.firstRequestMs)), 1),
    },
    ranges: {
      'coldImportRatio.ingest': range(coldRatios.ingest),
      'coldImportRatio.store': range(coldRatios.store),
      'coldImportRatio.read': range(coldRatios.read),
      'warmCpuRatio.ingest': range(warmRatios.ingest),
      'warmCpuRatio.queueMessageAlone': range(warmRatios.queueMessageAlone),
      'warmCpuRatio.logAndMetricsOff': range(warmRatios.logAndMetricsOff),
      validationVsJsonParse: range(validation),
      validationVsJsonParseCeiling: range(validationCeiling),
      'e2e.eventsPerSecond': range(runs.map((run) => run.eventsPerSecond)),
      'e2e.p99Ms': range(runs.map((run) => run.p99Ms)),
      writeUnitsPerEvent: range(runs.map((run) => run.writeUnitsPerEvent)),
      costPerMillionEventsUsd: range(costs.map((cost) => cost.total)),
    },
    writeUnitsPerEventBySource: runs[0]?.writeUnitsPerEventBySource,
    /** The e2e run's session writes against the same day at the sender's own pace. */
    sessionWritesPerEvent: {
      e2e: runs[0]?.writeUnitsPerEventBySource[sessionsTable],
      atSenderPace: round(sessionWritesAtSenderPace),
    },
    costBreakdownUsd: costs[0],
    run: { quick, node: process.version, events: runs[0]?.events, repeats: runs.length },
  };

  const flat: Record<string, number> = {
    'bundleKiB.ingest': result.bundleKiB.ingest,
    'bundleKiB.store': result.bundleKiB.store,
    'bundleKiB.read': result.bundleKiB.read,
    'coldImportRatio.ingest': result.coldImportRatio.ingest,
    'coldImportRatio.store': result.coldImportRatio.store,
    'coldImportRatio.read': result.coldImportRatio.read,
    'warmCpuRatio.ingest': result.warmCpuRatio.ingest,
    validationVsJsonParse: result.validationVsJsonParse,
    'e2e.eventsPerSecond': result.e2e.eventsPerSecond,
    'e2e.p99Ms': result.e2e.p99Ms,
    'e2e.lost': result.e2e.lost,
    writeUnitsPerEvent: result.writeUnitsPerEvent,
    costPerMillionEventsUsd: result.costPerMillionEventsUsd,
  };
  const verdicts = Object.fromEntries(
    Object.entries(BUDGETS).map(([key, budget]) => {
      const value = flat[key] ?? Number.NaN;
      const ok = 'max' in budget ? value <= budget.max : value >= budget.min;
      return [key, ok];
    }),
  );
  if (values.json) {
    console.log(JSON.stringify({ ...result, withinBudget: verdicts }, null, 2));
    return;
  }
  console.log('\nfigure                      value      budget   ok   (min / median / max)');
  for (const [key, value] of Object.entries(flat)) {
    const budget = BUDGETS[key as keyof typeof BUDGETS];
    const limit =
      budget === undefined ? '' : 'max' in budget ? `<= ${budget.max}` : `>= ${budget.min}`;
    const spread = (result.ranges as Record<string, Range>)[key];
    const ok = verdicts[key] === undefined ? '' : verdicts[key] ? 'yes' : 'NO';
    console.log(
      `${key.padEnd(27)} ${String(value).padStart(9)}  ${limit.padEnd(8)} ${ok.padEnd(4)} ${
        spread ? `${round(spread.min)} / ${round(spread.median)} / ${round(spread.max)}` : ''
      }`,
    );
  }
  console.log(
    `ingest latency p50 ${result.ingestLatencyMs.p50} ms, p99 ${result.ingestLatencyMs.p99} ms, first request ${result.ingestLatencyMs.firstRequest} ms`,
  );
  console.log(
    `GET /v1/agents with ${agentsRead.agents} agents logged in: p50 ${agentsRead.p50Ms} ms, max ${agentsRead.maxMs} ms over ${agentsRead.reads} reads (local stack)`,
  );
  console.log(
    `agent-state subscription: ${subscription.deliveries} deliveries answered 200 in p50 ${subscription.answerP50Ms} ms, p99 ${subscription.answerP99Ms} ms, largest answer ${subscription.largestAnswerBytes} bytes (local stack)`,
  );
  console.log(
    `cold import medians (ms, handler / floor): ingest ${result.coldImportMs.ingest.handler} / ${result.coldImportMs.ingest.floor}, store ${result.coldImportMs.store.handler} / ${result.coldImportMs.store.floor}, read ${result.coldImportMs.read.handler} / ${result.coldImportMs.read.floor}`,
  );
  console.log(
    `warm CPU references (not budgets): the queue message alone ${result.warmCpuRatio.queueMessageAlone}, the handler with log and metrics off ${result.warmCpuRatio.logAndMetricsOff}`,
  );
  console.log(
    `validation ceiling with a content-hash event id: ${result.validationVsJsonParseCeiling} (JSON.parse plus one SHA-256 of the body, no validation)`,
  );
  console.log(
    `write units per event by table/index: ${JSON.stringify(result.writeUnitsPerEventBySource)}`,
  );
  console.log(
    `session writes per event: ${result.sessionWritesPerEvent.e2e} in the e2e run, ${result.sessionWritesPerEvent.atSenderPace} at the sender's own pace (one-second batches), so ${result.writeUnitsPerEventAtSenderPace} write units per event in all`,
  );
  console.log(`cost breakdown per million events (USD): ${JSON.stringify(costs[0])}`);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
