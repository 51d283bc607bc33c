/**
 * The whole pipeline on one machine: emulators, the topics with their subscribed queues, and
 * the tables from the shared definitions,
 * the real ingest and read handlers behind a local API Gateway, and the real store handler driven by a
 * poller that behaves like the Lambda SQS event source. Used by `npm start`, the end-to-end
 * tests and the bench.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context } from 'aws-lambda';
import { RECONCILE_INPUT, SWEEP_EVERY_MINUTES } from '../../lambdas/housekeeping/config';
import { clientOptions } from '../../lambdas/platform/client-options';
import { DEFAULT_BASIC_USER } from '../../lambdas/platform/credentials';
import { storeDelivery } from '../../lambdas/platform/resources';
import { READ_ROUTES } from '../../lambdas/read/route-table';
import type { Subscriber } from '../../lib/config';
import type { LocalEndpoints } from '../cli/endpoints';
import { type HttpHandler, type LocalApi, startLocalApi } from './api-gateway';
import { bundleHandler } from './bundles';
import {
  type Emulators,
  emulatorEnvironment,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startEmulators,
} from './emulators';
import { provisionFanOut } from './fan-out';
import { lambdaContext } from './lambda-context';
import { provisionQueues, provisionTables, queueArn } from './provision';
import { sqsClientOptions } from './sqs-client-options';
import { checkBatchingWindow, type Poller, type SqsHandler, startPoller } from './sqs-poller';

export interface LocalCredential {
  token: string;
  basicUser: string;
  basicPassword: string;
  /** The read side's own token (`Authorization: Bearer`), never valid on the webhook routes. */
  readToken: string;
}

export interface LocalStackOptions {
  /** HTTP port of the local API; 0 picks a free one. */
  port: number;
  /** Where DynamoDB Local keeps its tables; in memory when absent. */
  dataDir?: string;
  credential: LocalCredential;
  /** Seconds before a failed store record is retried (the deployed queue uses 180 s). */
  retryAfterSeconds?: number;
  /**
   * Seconds the poller gathers a batch (default: the deployed default). It must stay under
   * `retryAfterSeconds` (the poller refuses to start otherwise), and well under: a received
   * message comes back after that long, even while its batch is still gathering or running.
   */
  batchingWindowSeconds?: number;
  /** Parallel store invocations, like the event source's maximum concurrency. */
  storeConcurrency?: number;
  /** Queues the events topic feeds besides the store's (`SUBSCRIBERS`, checked by lib/config). */
  subscribers?: readonly Subscriber[];
  /** Extra environment for the handlers (SOURCE_TIME_ZONE, POWERTOOLS_LOG_LEVEL, ...). */
  env?: Record<string, string>;
  /**
   * How often the housekeeping function reconciles with RingCX's agent list (RECONCILE_MINUTES);
   * no timer without it (reconciliation needs RINGCX_CREDENTIALS).
   */
  reconcileIntervalMs?: number;
  /** How to load the handlers; by default the Lambda bundles (tests load the sources). */
  loadHandlers?: (dataDir: string, storeInstances: number) => Promise<Handlers>;
}

export interface Handlers {
  ingest: HttpHandler;
  read: HttpHandler;
  /** One per store instance (see the poller); instances run their batches in parallel. */
  store: SqsHandler[];
  /** The scheduled sweep of stale sessions, when loaded. */
  housekeeping?: ScheduledHandler;
}

export type ScheduledHandler = (event: unknown, context: Context) => Promise<unknown>;

/** EventBridge Scheduler's period for the housekeeping function. */
const SWEEP_INTERVAL_MS = SWEEP_EVERY_MINUTES * 60_000;

/** The handlers as Lambda runs them: bundled by esbuild (middy is ESM-only, so are these). */
export async function loadBundledHandlers(
  dataDir: string,
  storeInstances: number,
): Promise<Handlers> {
  const bundleDir = join(dataDir, 'bundles');
  const [ingestBundle, storeBundle, readBundle, housekeepingBundle] = await Promise.all([
    bundleHandler('ingest', bundleDir),
    bundleHandler('store', bundleDir),
    bundleHandler('read', bundleDir),
    bundleHandler('housekeeping', bundleDir),
  ]);
  const ingest: { handler: HttpHandler } = await import(pathToFileURL(ingestBundle).href);
  const read: { handler: HttpHandler } = await import(pathToFileURL(readBundle).href);
  const housekeeping: { handler: ScheduledHandler } = await import(
    pathToFileURL(housekeepingBundle).href
  );
  // A query string makes each import a separate module instance, as separate Lambda instances.
  const store = await Promise.all(
    Array.from({ length: storeInstances }, async (_, instance) => {
      const loaded: { handler: SqsHandler } = await import(
        `${pathToFileURL(storeBundle).href}?instance=${instance}`
      );
      return loaded.handler;
    }),
  );
  return { ingest: ingest.handler, read: read.handler, store, housekeeping: housekeeping.handler };
}

export interface LocalStack {
  endpoints: LocalEndpoints;
  emulators: Emulators;
  api: LocalApi;
  poller: Poller;
  sns: SNSClient;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  /** Runs the housekeeping function once now, as its timer does every 5 minutes. */
  sweep(): Promise<unknown>;
  /** Runs the housekeeping function's reconciliation once now (it needs RINGCX_CREDENTIALS). */
  reconcile(): Promise<unknown>;
  stop(): Promise<void>;
}

/**
 * The local credentials: WEBHOOK_TOKEN and READ_TOKEN, else the previous run's, else new random
 * ones; the Basic user and password by the rule the deployed stack follows (`engage` and the
 * token, unless WEBHOOK_USER / WEBHOOK_PASSWORD set others), so `curl -u engage:$TOKEN` works
 * here too.
 */
export function localCredential(
  env: NodeJS.ProcessEnv = {},
  previous: { token?: string; readToken?: string } = {},
): LocalCredential {
  const token = env.WEBHOOK_TOKEN || previous.token || randomBytes(24).toString('base64url');
  return {
    token,
    basicUser: env.WEBHOOK_USER || DEFAULT_BASIC_USER,
    basicPassword: env.WEBHOOK_PASSWORD || token,
    readToken: env.READ_TOKEN || previous.readToken || randomBytes(24).toString('base64url'),
  };
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const batchingWindowSeconds =
    options.batchingWindowSeconds ?? storeDelivery.batchingWindowSeconds;
  const retryAfterSeconds = options.retryAfterSeconds ?? 10;
  // Before anything starts, so that a refusal leaves no emulator behind.
  checkBatchingWindow(batchingWindowSeconds, retryAfterSeconds);
  const emulators = await startEmulators({ dataDir: options.dataDir });
  const local = { region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
  const sqs = new SQSClient({ ...sqsClientOptions, ...local, endpoint: emulators.sqs.endpoint });
  const sns = new SNSClient({ ...clientOptions, ...local, endpoint: emulators.sqs.endpoint });
  const dynamodb = new DynamoDBClient({ ...local, endpoint: emulators.dynamodb.endpoint });
  const [queues, tables] = await Promise.all([
    provisionQueues(sqs, '', batchingWindowSeconds),
    provisionTables(dynamodb),
  ]);
  const fanOut = await provisionFanOut({ sns, sqs }, queues, options.subscribers ?? []);

  // The handlers read their configuration at import, as in Lambda: set it first.
  Object.assign(process.env, {
    ...emulatorEnvironment(emulators),
    EVENTS_TOPIC_ARN: fanOut.eventsTopicArn,
    QUARANTINE_TOPIC_ARN: fanOut.quarantineTopicArn,
    SESSIONS_TABLE: tables.sessions,
    STATES_TABLE: tables.states,
    CALLS_TABLE: tables.calls,
    WEBHOOK_TOKEN: options.credential.token,
    WEBHOOK_USER: options.credential.basicUser,
    WEBHOOK_PASSWORD: options.credential.basicPassword,
    READ_TOKEN: options.credential.readToken,
    ...options.env,
  });
  const load = options.loadHandlers ?? loadBundledHandlers;
  const handlers = await load(options.dataDir ?? tmpdir(), options.storeConcurrency ?? 2);

  const api = await startLocalApi({ ingest: handlers.ingest, read: handlers.read }, options.port);
  const poller = startPoller({
    sqs,
    queueUrl: queues.eventsQueueUrl,
    queueArn: await queueArn(sqs, queues.eventsQueueUrl),
    handlers: handlers.store,
    batchSize: storeDelivery.batchSize,
    batchingWindowSeconds,
    visibilityTimeoutSeconds: retryAfterSeconds,
  });

  const invokeHousekeeping = async (input: unknown) => {
    if (handlers.housekeeping === undefined) throw new Error('housekeeping function not loaded');
    return handlers.housekeeping(
      input,
      lambdaContext('engage-wfm-housekeeping-local', randomUUID(), 60_000),
    );
  };
  const sweep = () => invokeHousekeeping({ source: 'local timer' });
  const reconcile = () => invokeHousekeeping(RECONCILE_INPUT);
  // Like the schedules: a failed run is logged and the next one runs again.
  const every = (task: () => Promise<unknown>, name: string, intervalMs: number | undefined) =>
    handlers.housekeeping === undefined || intervalMs === undefined
      ? undefined
      : setInterval(
          () => task().catch((error) => console.error(`housekeeping ${name} failed: ${error}`)),
          intervalMs,
        ).unref();
  const timers = [
    every(sweep, 'sweep', SWEEP_INTERVAL_MS),
    every(reconcile, 'reconciliation', options.reconcileIntervalMs),
  ];

  const endpoints: LocalEndpoints = {
    apiUrl: api.url,
    token: options.credential.token,
    basicUser: options.credential.basicUser,
    basicPassword: options.credential.basicPassword,
    readToken: options.credential.readToken,
    boardUrl: `${api.url}${READ_ROUTES.board.path}`,
    sns: {
      endpoint: emulators.sqs.endpoint,
      eventsTopicArn: fanOut.eventsTopicArn,
      quarantineTopicArn: fanOut.quarantineTopicArn,
    },
    sqs: { endpoint: emulators.sqs.endpoint, ...queues, subscribers: fanOut.subscribers },
    dynamodb: { endpoint: emulators.dynamodb.endpoint, tables },
  };
  return {
    endpoints,
    emulators,
    api,
    poller,
    sns,
    sqs,
    dynamodb,
    sweep,
    reconcile,
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await api.close();
      await poller.stop();
      await emulators.stop();
    },
  };
}
