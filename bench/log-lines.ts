/**
 * Log lines CloudWatch Logs ingests that no handler writes, sized from their documented shapes:
 * Lambda's START, END and REPORT lines for every invocation (in the plain-text format; the stack
 * leaves them out unless it logs at DEBUG, see lib/forwarder-function.ts) and the HTTP API's
 * access log line for every request, in the format the stack sets.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { API_ACCESS_LOG_FORMAT } from '../lib/engage-wfm-forwarder';
import { ingestedLogBytes } from './cost';

const REQUEST_ID = '6d9bc4a8-58a6-4a5e-8a1e-3b0d8a0f2e4c';

const PLATFORM_LINES = [
  `START RequestId: ${REQUEST_ID} Version: $LATEST`,
  `END RequestId: ${REQUEST_ID}`,
  `REPORT RequestId: ${REQUEST_ID}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB\tMax Memory Used: 92 MB\t`,
];

/** Bytes ingested per invocation for Lambda's own lines, where they are kept. */
export const platformLogBytesPerInvocation = ingestedLogBytes(
  PLATFORM_LINES.length,
  PLATFORM_LINES.reduce((sum, line) => sum + Buffer.byteLength(line), 0),
);

/** Typical values of the access log's variables for a webhook request answered 202. */
const ACCESS_LOG_VALUES: Record<string, string> = {
  '$context.requestId': 'AbCdEfGhIjKlMnQ=',
  '$context.requestTime': '02/Mar/2026:08:00:01 +0000',
  '$context.routeKey': 'POST /v1/agent-events',
  '$context.status': '202',
  '$context.responseLength': '79',
  '$context.responseLatency': '23',
  '$context.integrationLatency': '21',
  '$context.integrationErrorMessage': '-',
};

/** Bytes ingested per HTTP request for the API's access log line. */
export const accessLogBytesPerRequest = ingestedLogBytes(
  1,
  Buffer.byteLength(
    JSON.stringify(
      Object.fromEntries(
        Object.entries(API_ACCESS_LOG_FORMAT).map(([key, variable]) => [
          key,
          ACCESS_LOG_VALUES[variable] ?? variable,
        ]),
      ),
    ),
  ),
);

export interface WrittenLines {
  lines: number;
  bytes: number;
}

/**
 * Counts what the functions write to stdout, by function, while they run in this process: the
 * functions' Powertools logger and metrics write their lines (log lines and the metrics' EMF
 * documents) to stdout, which Lambda sends to CloudWatch Logs line by line. Each invocation runs
 * in `attribute(name, ...)`; what anything else writes passes through.
 */
export function countFunctionOutput() {
  const running = new AsyncLocalStorage<string>();
  const written = new Map<string, WrittenLines>();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
    const name = running.getStore();
    if (name === undefined) return write(chunk, ...rest);
    const counted = written.get(name) ?? { lines: 0, bytes: 0 };
    for (const line of Buffer.from(chunk).toString('utf8').split('\n')) {
      if (line === '') continue;
      counted.lines += 1;
      counted.bytes += Buffer.byteLength(line);
    }
    written.set(name, counted);
    return true;
  }) as typeof process.stdout.write;
  return {
    attribute: <T>(name: string, run: () => T): T => running.run(name, run),
    written: (name: string): WrittenLines => written.get(name) ?? { lines: 0, bytes: 0 },
    restore: () => {
      process.stdout.write = write;
    },
  };
}
