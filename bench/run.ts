/**
 * `npm run bench [-- --quick] [-- --json]`: every figure of the performance budget, measured in
 * one run as ratios against floors measured in the same run, with min/median/max over repeats.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { tables } from '../lambdas/platform/resources';
import { FUNCTION_MEMORY_MB } from '../lib/bundling';
import { configFromContext, type TableCapacity } from '../lib/config';
import { lambdaLogLevels } from '../lib/forwarder-function';
import { sampleDayBodies } from '../samples/sample-day';
import { breakEvenAgents, type DayModel, dayCost, eventsPerAgentByHour } from './capacity';
import { buildBundles, bundleKiB, type ColdImport, measureColdImport } from './cold-import';
import { costPerMillionEvents, usageAtSenderPace } from './cost';
import { type E2eFigures, measureEndToEndInChild } from './e2e';
import { type FreshnessFigures, measureFreshnessInChild } from './freshness';
import { measureIntervalsDay } from './intervals';
import { accessLogBytesPerRequest, platformLogBytesPerInvocation } from './log-lines';
import { measureAgentsRead } from './read';
import { deliveryTimesMs, sessionWritesPerEventAtSenderPace } from './sender-pace';
import { median, type Range, range, round } from './stats';
import { measureSubscription } from './subscription';
import { measureValidation } from './validation';
import { againstFloor, bundlePeer, measureWarmCpu } from './warm-cpu';

/**
 * The budgets, by key of the `--json` output (flattened with dots). Figures without a budget are
 * printed too: some are reports, some references kept for those who track them.
 */
export const BUDGETS = {
  'bundleKiB.ingest': { max: 400 },
  'bundleKiB.store': { max: 400 },
  'bundleKiB.read': { max: 400 },
  'coldImportRatio.ingest': { max: 1.3 },
  'coldImportRatio.store': { max: 1.3 },
  'coldImportRatio.read': { max: 1.3 },
  'warmCpuVsPeer.ingest': { max: 0.8 },
  costPerMillionEventsUsd: { max: 3.25 },
  'freshnessMs.p99': { max: 5000 },
  'e2e.lost': { max: 0 },
  'read.agentsRequests': { max: 6 },
} as const;

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
    await bundlePeer(dir),
    day.slice(0, quick ? 300 : 1500),
    dir,
    quick ? 2 : 5,
  );
  const warmRatios = {
    vsPeer: againstFloor(warm, 'handler', 'peer'),
    ingest: againstFloor(warm, 'handler'),
    peer: againstFloor(warm, 'peer'),
    queueMessageAlone: againstFloor(warm, 'queueMessageAlone'),
    logAndMetricsOff: againstFloor(warm, 'logAndMetricsOff'),
  };
  log('validation throughput ...');
  const validationFigures = measureValidation(quick ? 2 : 5, quick ? 200 : 500, day);
  const validation = validationFigures.map((figure) => figure.ratio);
  const validationCeiling = validationFigures.map((figure) => figure.ceilingRatio);
  log('end to end on the local stack ...');
  const runs: E2eFigures[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    runs.push(await measureEndToEndInChild(quick ? 600 : day.length, quick ? 150 : 250));
  }
  log("freshness at the sender's pace ...");
  const fresh: FreshnessFigures[] = [];
  for (let run = 0; run < (quick ? 1 : 3); run++) {
    fresh.push(await measureFreshnessInChild(quick ? 60 : 150));
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

  // The day as the sender would post it: the e2e run's events (the quick run sends only the
  // start of the day), with the store's batches and session writes of the sender's pace.
  const sentDay = day.slice(0, runs[0]?.events ?? day.length);
  const sessionsTable = tables.sessions.defaultName;
  const sessionWritesAtSenderPace = sessionWritesPerEventAtSenderPace(sentDay);
  const batchesPerEvent = median(fresh.map((run) => run.storeBatches / run.events));
  const writeUnitsAtSenderPace = (run: E2eFigures) =>
    run.writeUnitsPerEvent -
    (run.writeUnitsPerEventBySource[sessionsTable] ?? 0) +
    sessionWritesAtSenderPace;
  const defaults = configFromContext(() => undefined);
  const costs = runs.map((run, index) => {
    const pace = fresh[index % fresh.length] as FreshnessFigures;
    return costPerMillionEvents(
      usageAtSenderPace({
        events: sentDay.length,
        storeBatches: batchesPerEvent * sentDay.length,
        writeUnits: writeUnitsAtSenderPace(run) * sentDay.length,
        readUnits: sum(Object.values(run.readUnitsPerEventBySource)) * sentDay.length,
        memoryMb: FUNCTION_MEMORY_MB,
        ingestMs: pace.ingestMs,
        storeBatchMs: pace.storeBatchMs,
        publishBytes: run.publishBytes,
        envelopeBytes: run.envelopeBytes,
        ingestLogBytes: pace.ingestLogBytes,
        storeLogBytes: pace.storeLogBytes,
        accessLogBytes: accessLogBytesPerRequest,
        platformLogBytes:
          lambdaLogLevels(defaults.logLevel).system === 'WARN' ? 0 : platformLogBytesPerInvocation,
        // With tracing on, X-Ray's default rule records nearly every request at these rates.
        tracesPerRequest: defaults.tracing ? 1 : 0,
      }),
    );
  });
  // The whole day's curve, whatever part of it the e2e run sent.
  const capacityModel = dayModel(day, runs[0] as E2eFigures, sessionWritesAtSenderPace);
  const capacityByAgents = Object.fromEntries(
    [50, 500, 5000].map((agents) => {
      const cost = dayCost(capacityModel, agents);
      return [
        agents,
        {
          events: Math.round(cost.events),
          onDemandUsd: round(cost.onDemandUsd, 2),
          provisionedUsd: round(cost.provisionedUsd, 2),
        },
      ];
    }),
  );

  const result = {
    bundleKiB: {
      ingest: round(bundleKiB(bundles.handler.ingest), 1),
      store: round(bundleKiB(bundles.handler.store), 1),
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
    warmCpuVsPeer: { ingest: round(median(warmRatios.vsPeer)) },
    /** µs of CPU per accepted event, median over the rounds. */
    warmCpuMicros: {
      ingest: round(median(warm.handler), 1),
      peer: round(median(warm.peer), 1),
      floor: round(median(warm.floor), 1),
    },
    /** References, not budgets: against a bare SNS Publish of the body (see bench/warm-cpu.ts). */
    warmCpuRatio: {
      ingest: round(median(warmRatios.ingest)),
      peer: round(median(warmRatios.peer)),
      queueMessageAlone: round(median(warmRatios.queueMessageAlone)),
      logAndMetricsOff: round(median(warmRatios.logAndMetricsOff)),
    },
    /** References, not budgets (see bench/validation.ts). */
    validationVsJsonParse: round(median(validation)),
    validationVsJsonParseCeiling: round(median(validationCeiling)),
    e2e: {
      eventsPerSecond: round(median(runs.map((run) => run.eventsPerSecond)), 1),
      p99Ms: round(median(runs.map((run) => run.p99Ms)), 1),
      lost: Math.max(...runs.map((run) => run.lost), ...fresh.map((run) => run.lost)),
    },
    freshnessMs: {
      p50: round(median(fresh.map((run) => run.p50Ms)), 0),
      p99: round(median(fresh.map((run) => run.p99Ms)), 0),
    },
    /** Reported: the e2e run's (a whole day in seconds, so fuller batches than a real day's). */
    writeUnitsPerEvent: round(median(runs.map((run) => run.writeUnitsPerEvent))),
    /** The same day with the session writes of the sender's own pace; the cost uses this. */
    writeUnitsPerEventAtSenderPace: round(median(runs.map(writeUnitsAtSenderPace))),
    costPerMillionEventsUsd: round(median(costs.map((cost) => cost.total))),
    costBreakdownUsd: Object.fromEntries(
      Object.entries(costs[0] ?? {}).map(([service, usd]) => [service, round(usd)]),
    ),
    read: {
      agentsP50Ms: agentsRead.p50Ms,
      agentsP99Ms: agentsRead.p99Ms,
      agentsRequests: agentsRead.requests,
    },
    /** Kept for those who read it: the same run as `read`. */
    readAgentsMs: agentsRead,
    /** Not a budget: one day in DynamoDB, by number of agents (see bench/capacity.ts). */
    capacityPerDayUsd: capacityByAgents,
    capacityBreakEvenAgents: breakEvenAgents(capacityModel) ?? null,
    /** Not a budget: the three interval routes for a generated 200-agent day (full run only). */
    ...(intervals === undefined ? {} : { intervals }),
    /** Not a budget: RingCX's deliveries on the local stack (it waits 3,000 ms at most). */
    subscription,
    ingestLatencyMs: {
      p50: round(median(runs.map((run) => run.ingestP50Ms)), 1),
      p99: round(median(runs.map((run) => run.ingestP99Ms)), 1),
      firstRequest: round(median(runs.map((run) => run.firstRequestMs)), 1),
    },
    atSenderPace: {
      events: sentDay.length,
      storeBatchesPerEvent: round(batchesPerEvent),
      ingestMs: round(median(fresh.map((run) => run.ingestMs)), 1),
      storeBatchMs: round(median(fresh.map((run) => run.storeBatchMs)), 1),
      ingestLogBytes: round(median(fresh.map((run) => run.ingestLogBytes)), 0),
      storeLogBytes: round(median(fresh.map((run) => run.storeLogBytes)), 0),
      accessLogBytes: accessLogBytesPerRequest,
      /** Lambda's START, END and REPORT lines per invocation, left out at the default level. */
      platformLogBytesLeftOut: platformLogBytesPerInvocation,
    },
    ranges: {
      'coldImportRatio.ingest': range(coldRatios.ingest),
      'coldImportRatio.store': range(coldRatios.store),
      'coldImportRatio.read': range(coldRatios.read),
      'warmCpuVsPeer.ingest': range(warmRatios.vsPeer),
      'warmCpuRatio.ingest': range(warmRatios.ingest),
      'warmCpuRatio.queueMessageAlone': range(warmRatios.queueMessageAlone),
      'warmCpuRatio.logAndMetricsOff': range(warmRatios.logAndMetricsOff),
      validationVsJsonParse: range(validation),
      validationVsJsonParseCeiling: range(validationCeiling),
      'e2e.eventsPerSecond': range(runs.map((run) => run.eventsPerSecond)),
      'e2e.p99Ms': range(runs.map((run) => run.p99Ms)),
      'freshnessMs.p50': range(fresh.map((run) => run.p50Ms)),
      'freshnessMs.p99': range(fresh.map((run) => run.p99Ms)),
      writeUnitsPerEvent: range(runs.map((run) => run.writeUnitsPerEvent)),
      costPerMillionEventsUsd: range(costs.map((cost) => cost.total)),
    },
    writeUnitsPerEventBySource: runs[0]?.writeUnitsPerEventBySource,
    readUnitsPerEventBySource: runs[0]?.readUnitsPerEventBySource,
    /** The e2e run's session writes against the same day at the sender's own pace. */
    sessionWritesPerEvent: {
      e2e: runs[0]?.writeUnitsPerEventBySource[sessionsTable],
      atSenderPace: round(sessionWritesAtSenderPace),
    },
    run: {
      quick,
      node: process.version,
      loadAverage: loadavg().map((load) => round(load, 2)),
      events: runs[0]?.events,
      repeats: runs.length,
    },
  };

  const flat: Record<string, number> = {
    'bundleKiB.ingest': result.bundleKiB.ingest,
    'bundleKiB.store': result.bundleKiB.store,
    'bundleKiB.read': result.bundleKiB.read,
    'coldImportRatio.ingest': result.coldImportRatio.ingest,
    'coldImportRatio.store': result.coldImportRatio.store,
    'coldImportRatio.read': result.coldImportRatio.read,
    'warmCpuVsPeer.ingest': result.warmCpuVsPeer.ingest,
    'warmCpuRatio.ingest': result.warmCpuRatio.ingest,
    validationVsJsonParse: result.validationVsJsonParse,
    costPerMillionEventsUsd: result.costPerMillionEventsUsd,
    'freshnessMs.p50': result.freshnessMs.p50,
    'freshnessMs.p99': result.freshnessMs.p99,
    'e2e.eventsPerSecond': result.e2e.eventsPerSecond,
    'e2e.p99Ms': result.e2e.p99Ms,
    'e2e.lost': result.e2e.lost,
    writeUnitsPerEvent: result.writeUnitsPerEvent,
    writeUnitsPerEventAtSenderPace: result.writeUnitsPerEventAtSenderPace,
    'read.agentsP99Ms': result.read.agentsP99Ms,
    'read.agentsRequests': result.read.agentsRequests,
    ...(intervals === undefined ? {} : { 'intervals.dayMs': intervals.dayMs }),
  };
  const verdicts = Object.fromEntries(
    Object.entries(BUDGETS).map(([key, budget]) => [key, (flat[key] ?? Number.NaN) <= budget.max]),
  );
  if (values.json) {
    console.log(JSON.stringify({ ...result, withinBudget: verdicts }, null, 2));
    return;
  }
  console.log('\nfigure                          value      budget   ok   (min / median / max)');
  for (const [key, value] of Object.entries(flat)) {
    const budget = BUDGETS[key as keyof typeof BUDGETS];
    const limit = budget === undefined ? '' : `<= ${budget.max}`;
    const spread = (result.ranges as Record<string, Range>)[key];
    const ok = verdicts[key] === undefined ? '' : verdicts[key] ? 'yes' : 'NO';
    console.log(
      `${key.padEnd(31)} ${String(value).padStart(9)}  ${limit.padEnd(8)} ${ok.padEnd(4)} ${
        spread ? `${round(spread.min)} / ${round(spread.median)} / ${round(spread.max)}` : ''
      }`,
    );
  }
  console.log(
    `cost per million events at the sender's pace (USD): ${JSON.stringify(result.costBreakdownUsd)}`,
  );
  console.log(`  what it is made of at that pace: ${JSON.stringify(result.atSenderPace)}`);
  console.log(
    `warm CPU per event (µs): ingest ${result.warmCpuMicros.ingest}, peer ${result.warmCpuMicros.peer}, bare publish ${result.warmCpuMicros.floor}; references against the bare publish (not budgets): ingest ${result.warmCpuRatio.ingest}, peer ${result.warmCpuRatio.peer}, the queue message alone ${result.warmCpuRatio.queueMessageAlone}, ingest with log and metrics off ${result.warmCpuRatio.logAndMetricsOff}`,
  );
  console.log(
    `agent-state subscription: ${subscription.deliveries} deliveries answered 200 in p50 ${subscription.answerP50Ms} ms, p99 ${subscription.answerP99Ms} ms, largest answer ${subscription.largestAnswerBytes} bytes (local stack)`,
  );
  console.log(
    `cold import medians (ms, handler / floor): ingest ${result.coldImportMs.ingest.handler} / ${result.coldImportMs.ingest.floor}, store ${result.coldImportMs.store.handler} / ${result.coldImportMs.store.floor}, read ${result.coldImportMs.read.handler} / ${result.coldImportMs.read.floor}`,
  );
  console.log(
    `ingest latency p50 ${result.ingestLatencyMs.p50} ms, p99 ${result.ingestLatencyMs.p99} ms, first request ${result.ingestLatencyMs.firstRequest} ms (e2e run)`,
  );
  console.log(
    `GET /v1/agents with ${agentsRead.agents} agents logged in: p50 ${agentsRead.p50Ms} ms, p99 ${agentsRead.p99Ms} ms over ${agentsRead.reads} reads, ${agentsRead.requests} DynamoDB requests each`,
  );
  console.log(
    `validation against JSON.parse (reference): ${result.validationVsJsonParse}; its ceiling with a content-hash event id ${result.validationVsJsonParseCeiling}`,
  );
  console.log(
    `write units per event by table/index (e2e run): ${JSON.stringify(result.writeUnitsPerEventBySource)}; read units: ${JSON.stringify(result.readUnitsPerEventBySource)}`,
  );
  console.log(
    `session writes per event: ${result.sessionWritesPerEvent.e2e} in the e2e run, ${result.sessionWritesPerEvent.atSenderPace} at the sender's own pace`,
  );
  console.log(
    `DynamoDB per day, on demand / provisioned with auto scaling (USD): ${Object.entries(
      capacityByAgents,
    )
      .map(([agents, cost]) => `${agents} agents ${cost.onDemandUsd} / ${cost.provisionedUsd}`)
      .join(
        ', ',
      )}; provisioned is cheaper from ${result.capacityBreakEvenAgents ?? 'no number of'} agents`,
  );
  console.log(`load average at the end: ${result.run.loadAverage.join(' ')}`);
}

/** The capacity model's day: the sample day's curve and the units the e2e run measured. */
function dayModel(
  day: readonly string[],
  run: E2eFigures,
  sessionWritesPerEvent: number,
): DayModel {
  const records = day.map((body) => JSON.parse(body) as Record<string, unknown>);
  const agents = new Set(records.map((event) => event.agent_login_id).filter(Boolean)).size;
  const times = deliveryTimesMs(records);
  const limits = configFromContext((key) => (key === 'capacity' ? 'provisioned' : undefined))
    .capacity as Extract<TableCapacity, { mode: 'provisioned' }>;
  return {
    eventsPerAgentByHour: eventsPerAgentByHour(times, agents),
    writeUnitsPerEvent: {
      ...run.writeUnitsPerEventBySource,
      [tables.sessions.defaultName]: sessionWritesPerEvent,
    },
    readUnitsPerEvent: run.readUnitsPerEventBySource,
    resources: Object.values(tables).flatMap((table) => [
      table.defaultName,
      ...table.indexes.map((index) => `${table.defaultName}/${index.indexName}`),
    ]),
    boardTable: tables.sessions.defaultName,
    write: limits.write,
    read: limits.read,
  };
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  },
);
