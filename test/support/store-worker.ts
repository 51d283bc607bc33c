/**
 * The store function as a process of its own, fed by the local event source, so that a test can
 * kill it mid-batch (SIGKILL: no cleanup, no deletes) and start a new one, as Lambda replaces a
 * crashed instance. It runs the deployed bundle (ESM, which only a process of its own loads).
 * Tells its parent over IPC when a batch starts and ends.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SQSClient } from '@aws-sdk/client-sqs';
import { sqsClientOptions } from '../../bin/local/sqs-client-options';
import { type SqsHandler, startPoller } from '../../bin/local/sqs-poller';
import { storeDelivery } from '../../lambdas/platform/resources';

export type WorkerMessage = 'batch-start' | 'batch-end';

export interface StoreWorkerOptions {
  /** The store bundle (bin/local/bundles.ts `bundleHandler('store', ...)`). */
  bundle: string;
  queueUrl: string;
  queueArn: string;
  retryAfterSeconds: number;
  onMessage: (message: WorkerMessage) => void;
}

/** Forks a worker; the environment (endpoints, table names) is this process's. */
export function forkStoreWorker(options: StoreWorkerOptions): ChildProcess {
  const child = fork(__filename, [], {
    env: {
      ...process.env,
      WORKER_BUNDLE: options.bundle,
      WORKER_QUEUE_URL: options.queueUrl,
      WORKER_QUEUE_ARN: options.queueArn,
      WORKER_RETRY_AFTER_SECONDS: String(options.retryAfterSeconds),
    },
    execArgv: ['--import', 'tsx'],
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  child.on('message', (message) => options.onMessage(message as WorkerMessage));
  return child;
}

async function runWorker(): Promise<void> {
  const { handler } = (await import(pathToFileURL(process.env.WORKER_BUNDLE ?? '').href)) as {
    handler: SqsHandler;
  };
  const tell = (message: WorkerMessage) => process.send?.(message);
  startPoller({
    sqs: new SQSClient(sqsClientOptions),
    queueUrl: process.env.WORKER_QUEUE_URL ?? '',
    queueArn: process.env.WORKER_QUEUE_ARN ?? '',
    handlers: [
      async (event, context) => {
        tell('batch-start');
        const response = await handler(event, context);
        tell('batch-end');
        return response;
      },
    ],
    batchSize: storeDelivery.batchSize,
    // Failures come back after retryAfterSeconds (short here), so batches are not gathered.
    batchingWindowSeconds: 0,
    visibilityTimeoutSeconds: Number(process.env.WORKER_RETRY_AFTER_SECONDS),
  });
  // The parent going away ends the worker too.
  process.on('disconnect', () => process.exit(0));
}

if (process.env.WORKER_QUEUE_URL !== undefined && require.main === module) {
  runWorker().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
