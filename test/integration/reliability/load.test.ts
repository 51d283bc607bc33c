/**
 * The promise under load: an event answered 202 is stored or in the DLQ, never lost, whatever
 * fails meanwhile. Each test sends the same 60-second burst at 10x the sample day's peak rate to
 * a local stack of its own, with one fault injected, then accounts for every accepted event id
 * and, after a DLQ redrive, compares the tables with the fault-free run's.
 */

import type { ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../../../bin/local/bundles';
import type { LocalStack } from '../../../bin/local/stack';
import { sampleDay } from '../../../samples/sample-day';
import {
  type Account,
  accountFor,
  type BurstResult,
  peakEventsPerSecond,
  redrive,
  sendBurst,
} from '../../support/burst';
import { startTestStack } from '../../support/local-stack';
import { queueArnOf } from '../../support/resources';
import { snapshot } from '../../support/store-tables';
import { forkStoreWorker } from '../../support/store-worker';

// A burst, its fault and the drain; the drain waits for a slow store as long as it makes progress.
jest.setTimeout(600_000);

const day = sampleDay();
const RATE = 10 * peakEventsPerSecond(day);
const SECONDS = 60;
const burst = day.slice(0, RATE * SECONDS);
const FAULT_AFTER_MS = 20_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function statusCounts(result: BurstResult): Record<number, number> {
  const counts: Record<number, number> = {};
  for (const { status } of result.answers) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

function report(test: string, result: BurstResult, account: Account, fault: string): void {
  console.log(
    `${test}: ${burst.length} events at ${RATE}/s for ${SECONDS} s, ${result.answers.length} requests ` +
      `${JSON.stringify(statusCounts(result))}; fault: ${fault}; accepted ${account.accepted}, ` +
      `stored ${account.stored}, in DLQ ${account.inDlq}, lost ${account.lost}`,
  );
}

/** The burst, with `fault` injected FAULT_AFTER_MS into it. */
async function burstWith(stack: LocalStack, fault: () => Promise<void>): Promise<BurstResult> {
  const [result] = await Promise.all([
    sendBurst(stack, burst, RATE),
    sleep(FAULT_AFTER_MS).then(fault),
  ]);
  return result;
}

/** Accounts, checks nothing is lost, reports, redrives the DLQ, and returns the tables. */
async function settle(stack: LocalStack, result: BurstResult, test: string, fault: string) {
  const account = await accountFor(stack, new Set(result.accepted.keys()));
  report(test, result, account, fault);
  expect(account.lost).toBe(0);
  expect(account.stored + account.inDlq).toBe(account.accepted);
  // Every event of the burst was accepted in the end (503s were sent again).
  expect(new Set(result.accepted.values()).size).toBe(burst.length);
  await redrive(stack, account.dead);
  return { account, tables: await snapshot(stack.endpoints.dynamodb.tables, stack.dynamodb) };
}

/** The burst without a fault: its answers, its account and the tables every fault run must equal. */
let baseline: { result: BurstResult; account: Account; tables: Tables };
type Tables = Awaited<ReturnType<typeof snapshot>>;

describe(`a ${SECONDS}-second burst at 10x the sample day's peak rate`, () => {
  beforeAll(async () => {
    expect(burst).toHaveLength(RATE * SECONDS);
    // Built here, not by a test, so that every test (also one run alone) compares against it.
    const stack = await startTestStack();
    try {
      const result = await sendBurst(stack, burst, RATE);
      const { account, tables } = await settle(stack, result, 'no fault', 'none');
      baseline = { result, account, tables };
    } finally {
      await stack.stop();
    }
  });

  it('stores every accepted event: accepted == stored + DLQ, per event id', () => {
    expect(statusCounts(baseline.result)).toEqual({ 202: burst.length });
    expect(baseline.account.lost).toBe(0);
    expect(baseline.account.inDlq).toBe(0);
    expect(baseline.account.stored).toBe(baseline.account.accepted);
  });

  it('with SQS stopped for 10 s: 503 meanwhile, never 202; all answered 202 stored', async () => {
    const stack = await startTestStack();
    try {
      let pausedAt = Number.POSITIVE_INFINITY;
      let resumedAt = Number.POSITIVE_INFINITY;
      const result = await burstWith(stack, async () => {
        pausedAt = performance.now();
        stack.emulators.sqs.pause();
        // Longer than ingest's deadline, so requests meet it.
        await sleep(10_000);
        stack.emulators.sqs.resume();
        resumedAt = performance.now();
      });

      expect(Object.keys(statusCounts(result)).sort()).toEqual(['202', '503']);
      const duringOutage = result.answers.filter(
        (answer) => answer.sentAt > pausedAt && answer.answeredAt < resumedAt,
      );
      expect(duringOutage.length).toBeGreaterThan(0);
      expect(duringOutage.every((answer) => answer.status === 503)).toBe(true);
      const fault = `SQS emulator stopped (SIGSTOP) for 10 s, ${result.resent} requests sent again after 503`;
      const { tables } = await settle(stack, result, 'SQS stopped', fault);
      expect(tables).toEqual(baseline.tables);
    } finally {
      await stack.stop();
    }
  });

  it('with DynamoDB Local stopped and restarted: retried, nothing lost, nothing doubled', async () => {
    // Tables on disk, so DynamoDB Local keeps them across its restart, as DynamoDB would.
    const stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'restart-')) });
    try {
      const result = await burstWith(stack, async () => {
        await stack.emulators.dynamodb.stop();
        await sleep(3_000);
        await stack.emulators.dynamodb.start();
      });

      expect(statusCounts(result)).toEqual({ 202: burst.length });
      const fault = 'DynamoDB Local stopped for 3 s, then restarted';
      const { tables } = await settle(stack, result, 'DynamoDB restarted', fault);
      expect(tables).toEqual(baseline.tables);
    } finally {
      await stack.stop();
    }
  });

  it('with the store worker killed mid-batch and restarted: idempotent, converges', async () => {
    const stack = await startTestStack({ storeConcurrency: 0 });
    const queueArn = await queueArnOf(stack.endpoints.sqs.eventsQueueUrl, stack.sqs);
    const bundle = await bundleHandler(
      'store',
      mkdtempSync(join(tmpdir(), 'store-worker-')),
      'node24',
    );
    const KILL_EVERY_BATCHES = 25;
    const KILL_DELAYS_MS = [0, 10, 25, 40];
    let worker: ChildProcess | undefined;
    let batches = 0;
    let inBatch = false;
    let killedMidBatch = 0;
    let stopping = false;
    let bursting = true;
    const start = () => {
      worker = forkStoreWorker({
        bundle,
        queueUrl: stack.endpoints.sqs.eventsQueueUrl,
        queueArn,
        retryAfterSeconds: 1,
        onMessage: (message) => {
          inBatch = message === 'batch-start';
          if (message !== 'batch-start' || ++batches % KILL_EVERY_BATCHES !== 0) return;
          if (!bursting) return;
          const victim = worker;
          const delay = KILL_DELAYS_MS[killedMidBatch % KILL_DELAYS_MS.length];
          setTimeout(() => {
            if (inBatch && victim !== undefined && victim === worker) {
              killedMidBatch += 1;
              victim.kill('SIGKILL');
            }
          }, delay);
        },
      });
      worker.once('exit', () => {
        inBatch = false;
        if (!stopping) start();
      });
    };
    start();
    try {
      const result = await sendBurst(stack, burst, RATE);
      bursting = false;
      expect(statusCounts(result)).toEqual({ 202: burst.length });
      const fault = `store worker SIGKILLed mid-batch ${killedMidBatch} times, restarted each time`;
      const { tables } = await settle(stack, result, 'store worker killed', fault);
      expect(killedMidBatch).toBeGreaterThanOrEqual(3);
      expect(tables).toEqual(baseline.tables);
    } finally {
      stopping = true;
      worker?.kill('SIGKILL');
      await stack.stop();
    }
  });
});
