/**
 * Bundle sizes and cold imports: the deployed bundles against floor bundles built the same way
 * that only import and construct the clients each function's work needs: the SNS client
 * (ingest publishes every event), the DynamoDB client (store, read), both DynamoDB and SNS
 * (housekeeping). Everything else a handler loads (Powertools, middy, zod, our code) counts
 * against it. Each
 * import runs in a fresh `node` process; floors and bundles alternate so neither gets the
 * machine's quieter moments.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleHandler, ESBUILD_OPTIONS, type FunctionName } from '../bin/local/bundles';
import { median } from './stats';

const FLOOR_SOURCES: Record<FunctionName, string> = {
  ingest:
    "import { SNSClient } from '@aws-sdk/client-sns'; export const client = new SNSClient({});",
  store:
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const client = new DynamoDBClient({});",
  read: "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; export const client = new DynamoDBClient({});",
  housekeeping: [
    "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { SNSClient } from '@aws-sdk/client-sns';",
    'export const clients = [new DynamoDBClient({}), new SNSClient({})];',
  ].join('\n'),
};

/** What a handler needs at import (it reads its configuration at cold start, as in Lambda). */
const IMPORT_ENV = {
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:events',
  QUARANTINE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:quarantine',
  WEBHOOK_TOKEN: 'bench-token-0123456789',
  READ_TOKEN: 'bench-read-token-0123456789',
  SESSIONS_TABLE: 'sessions',
  STATES_TABLE: 'states',
  CALLS_TABLE: 'calls',
  POWERTOOLS_METRICS_DISABLED: 'true',
};

export interface Bundles {
  handler: Record<FunctionName, string>;
  floor: Record<FunctionName, string>;
}

export async function buildBundles(outDir: string): Promise<Bundles> {
  mkdirSync(outDir, { recursive: true });
  const floor = {} as Record<FunctionName, string>;
  const handler = {} as Record<FunctionName, string>;
  for (const name of Object.keys(FLOOR_SOURCES) as FunctionName[]) {
    handler[name] = await bundleHandler(name, outDir, 'node24');
    const floorFile = await buildFloor(
      FLOOR_SOURCES[name],
      join(outDir, `floor-${name}`),
      'node24',
    );
    floor[name] = floorFile;
  }
  return { handler, floor };
}

/** A floor bundle: `source` built exactly like the deployed handlers. */
export async function buildFloor(source: string, dir: string, target: string): Promise<string> {
  const outfile = join(dir, 'index.mjs');
  await build({
    ...ESBUILD_OPTIONS,
    stdin: { contents: source, resolveDir: join(__dirname, '..'), loader: 'ts' },
    outfile,
    bundle: true,
    target,
    logLevel: 'error',
  });
  return outfile;
}

export function bundleKiB(file: string): number {
  return statSync(file).size / 1024;
}

/**
 * CPU time, not wall time: a cold start's import is CPU work, and CPU time does not count the
 * moments the machine gives to other processes (on a shared machine, wall-time ratios of the same
 * two bundles swung from 0.8 to 1.5 from one run to the next).
 */
const PROBE = `const started = process.cpuUsage();
await import(process.argv[2]);
const used = process.cpuUsage(started);
process.stdout.write(String((used.user + used.system) / 1000));`;

/** CPU milliseconds for a fresh node process to import the file and construct its clients. */
function coldImportMs(file: string, probeFile: string): number {
  const output = execFileSync(process.execPath, [probeFile, pathToFileURL(file).href], {
    env: { ...process.env, ...IMPORT_ENV },
    encoding: 'utf8',
  });
  return Number(output);
}

export interface ColdImport {
  handlerMs: number;
  floorMs: number;
  ratio: number;
}

/** Median cold import of handler and floor over `runs` alternating fresh processes. */
export function measureColdImport(
  bundles: Bundles,
  name: FunctionName,
  runs: number,
  dir: string,
): ColdImport {
  const probeFile = join(dir, 'probe.mjs');
  writeFileSync(probeFile, PROBE);
  // Warm the file system cache once for both.
  coldImportMs(bundles.handler[name], probeFile);
  coldImportMs(bundles.floor[name], probeFile);
  const handler: number[] = [];
  const floor: number[] = [];
  for (let run = 0; run < runs; run++) {
    floor.push(coldImportMs(bundles.floor[name], probeFile));
    handler.push(coldImportMs(bundles.handler[name], probeFile));
  }
  const handlerMs = median(handler);
  const floorMs = median(floor);
  return { handlerMs, floorMs, ratio: handlerMs / floorMs };
}
