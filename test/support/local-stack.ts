import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { waitUntilDrained as waitForStore } from '../../bin/cli/store-queue';
import {
  type Handlers,
  type LocalStack,
  type LocalStackOptions,
  localCredential,
  startLocalStack,
} from '../../bin/local/stack';
import { fromAttributeMap } from '../../lambdas/platform/dynamodb/item-mapping';
import { sendEvents } from './live-agents';

/**
 * The handler sources through jest's module system (jest cannot import the ESM bundles), each
 * store instance in its own module registry, as separate Lambda instances.
 */
export async function loadSourceHandlers(
  _dataDir: string,
  storeInstances: number,
): Promise<Handlers> {
  const ingest = await load(() => import('../../lambdas/ingest/handler'));
  const read = await load(() => import('../../lambdas/read/handler'));
  const store = [];
  for (let instance = 0; instance < storeInstances; instance++) {
    store.push((await load(() => import('../../lambdas/store/handler'))).handler);
  }
  return { ingest: ingest.handler, read: read.handler, store };
}

/**
 * The same with the housekeeping function, whose timers then run as in `npm start` (the sweep
 * every 5 minutes, and reconciliation when given `reconcileIntervalMs`).
 */
export async function loadSourceHandlersWithHousekeeping(
  dataDir: string,
  storeInstances: number,
): Promise<Handlers> {
  const housekeeping = await load(() => import('../../lambdas/housekeeping/handler'));
  return {
    ...(await loadSourceHandlers(dataDir, storeInstances)),
    housekeeping: housekeeping.handler,
  };
}

async function load<T>(path: () => Promise<T>): Promise<T> {
  let loaded: T | undefined;
  await jest.isolateModulesAsync(async () => {
    loaded = await path();
  });
  if (loaded === undefined) throw new Error('handler did not load');
  return loaded;
}

const KEPT = ['AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_DYNAMODB'] as const;

/**
 * A whole local stack of the test's own (its own emulators, free ports, failures retried after
 * one second); the shared emulator endpoints are restored when it stops.
 */
export async function startTestStack(
  options: Partial<LocalStackOptions> = {},
): Promise<LocalStack> {
  const saved = Object.fromEntries(KEPT.map((name) => [name, process.env[name]]));
  const stack = await startLocalStack({
    port: 0,
    credential: localCredential(),
    retryAfterSeconds: 1,
    // Failures come back after one second, so batches are not gathered (see the option).
    batchingWindowSeconds: 0,
    loadHandlers: loadSourceHandlers,
    ...options,
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      SOURCE_TIME_ZONE: 'UTC',
      ...options.env,
    },
  });
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      Object.assign(process.env, saved);
    },
  };
}

/**
 * Until the stack's events queue is empty and nothing is in flight; fails once nothing has left
 * the queue for a minute (a loaded machine makes the store slow, not stuck).
 */
export async function waitUntilDrained(stack: LocalStack): Promise<void> {
  const drained = await waitForStore(stack.sqs, stack.endpoints.sqs.eventsQueueUrl, {
    stallMs: 60_000,
  });
  if (!drained) throw new Error('the events queue stopped draining: nothing left it for 60 s');
}

/** Sends the vendor events to the stack's webhook routes, then waits until they are stored. */
export async function sendAndStore(stack: LocalStack, events: Record<string, unknown>[]) {
  await sendEvents(stack.endpoints, events);
  await waitUntilDrained(stack);
}

/** The session closed by its real LOGOUT at `logoutAt`: no inferred logout is left standing. */
export async function expectLoggedOutAt(stack: LocalStack, agentLoginId: string, logoutAt: Date) {
  const session = await storedSession(stack, agentLoginId);
  expect(session).toMatchObject({ status: 'LOGGED_OUT', logoutAt: logoutAt.toISOString() });
  expect(session).not.toHaveProperty('logoutInferred');
}

/** The session open with no inferred logout standing: never closed, or reopened by a newer event. */
export async function expectOpen(stack: LocalStack, agentLoginId: string) {
  const session = await storedSession(stack, agentLoginId);
  expect(session).toMatchObject({ status: 'LOGGED_IN', presence: 'LOGGED_IN' });
  expect(session).not.toHaveProperty('logoutInferred');
  expect(session).not.toHaveProperty('logoutAt');
}

/** The session item as stored (a consistent read), `{}` when there is none. */
export async function storedSession(stack: LocalStack, agentLoginId: string) {
  const { Item = {} } = await stack.dynamodb.send(
    new GetItemCommand({
      TableName: stack.endpoints.dynamodb.tables.sessions,
      Key: { agentLoginId: { S: agentLoginId } },
      ConsistentRead: true,
    }),
  );
  return fromAttributeMap(Item);
}
