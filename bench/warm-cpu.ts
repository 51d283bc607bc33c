/**
 * Warm CPU per accepted event through the real ingest bundle, against a bare SendMessage of the
 * same payload (the event's body as sent): each side runs in a fresh child process whose own CPU time is measured, and
 * both talk to the same canned SQS endpoint in this process (so its CPU counts for neither).
 */
import { spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../bin/local/bundles';
import { decodeRequest, interpretRecord } from '../lambdas/events';
import { messageAttributes } from '../lambdas/ingest/enqueue';
import { toSqsBody } from '../lambdas/platform/sqs-body';
import { sampleDayBodies } from '../samples/sample-day';
import { buildFloor, median } from './cold-import';

/** Answers every SendMessage as SQS would, with the body's MD5 the SDK checks. */
export async function startCannedSqs(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { MessageBody = '' } = JSON.parse(Buffer.concat(chunks).toString() || '{}');
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(
        JSON.stringify({
          MessageId: randomUUID(),
          MD5OfMessageBody: createHash('md5').update(MessageBody).digest('hex'),
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const PROBE = `
import { readFileSync } from 'node:fs';
const [mode, bundle, eventsFile] = process.argv.slice(2);
const events = readFileSync(eventsFile, 'utf8').trim().split('\\n').map((line) => JSON.parse(line));
const mod = await import(bundle);
const queueUrl = process.env.EVENTS_QUEUE_URL;
const client = mode === 'handler' ? undefined : new mod.SQSClient({ useQueueUrlAsEndpoint: false });
const once = async ({ body, envelope, attributes }, index) => {
  if (mode === 'floor') {
    await client.send(new mod.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    return;
  }
  if (mode === 'wire') {
    // What ingest puts on the wire for this event, under a deadline as ingest does.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), 7000);
    try {
      await client.send(
        new mod.SendMessageCommand({ QueueUrl: queueUrl, MessageBody: envelope, MessageAttributes: attributes }),
        { abortSignal: deadline.signal },
      );
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  const now = Date.now();
  const result = await mod.handler({
    version: '2.0', routeKey: 'POST /v1/events', rawPath: '/v1/events', rawQueryString: '',
    headers: { 'x-webhook-token': process.env.WEBHOOK_TOKEN, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/v1/events', sourceIp: '127.0.0.1' },
      requestId: 'bench-' + index, timeEpoch: now, routeKey: 'POST /v1/events', stage: '$default' },
    body, isBase64Encoded: false,
  }, { awsRequestId: 'bench-' + index, functionName: 'bench', getRemainingTimeInMillis: () => 10000 });
  if (result.statusCode !== 202) throw new Error('not accepted: ' + result.body);
};
// One whole pass to warm up, then one measured pass each time the parent asks.
for (let i = 0; i < events.length; i++) await once(events[i], i);
process.on('message', async () => {
  const start = process.cpuUsage();
  for (let i = 0; i < events.length; i++) await once(events[i], i);
  const used = process.cpuUsage(start);
  process.send((used.user + used.system) / events.length);
});
process.send('ready');
`;

/**
 * Each body with the envelope and message attributes ingest sends for it (issue 2's queue
 * message), as the `wire` reference sends them.
 */
function probeEvents(bodies: readonly string[]): string {
  return bodies
    .map((body) => {
      const decoded = decodeRequest({ body, contentType: 'application/json' });
      const result = decoded.ok
        ? interpretRecord(decoded.records[0], {
            receivedAt: new Date(),
            timeZones: { defaultZone: 'UTC', byAccount: {} },
            transport: { encoding: 'json', route: '/v1/events' },
          })
        : undefined;
      if (!result?.ok) throw new Error('a sample event was refused');
      return JSON.stringify({
        body,
        envelope: toSqsBody(result.event),
        attributes: messageAttributes(result.event),
      });
    })
    .join('\n');
}

export interface WarmCpu {
  handlerMicros: number[];
  floorMicros: number[];
  ratio: number[];
  /**
   * Two references against the same floor that say where the handler's extra goes: the queue
   * message issue 2 fixes (the envelope and its four attributes, sent under ingest's deadline)
   * with nothing else, and the handler with its log line and metrics not written.
   */
  wireRatio: number[];
  withoutLogAndMetricsOutputRatio: number[];
}

type ProbeMode = 'floor' | 'wire' | 'handler';
interface Probe {
  /** CPU microseconds per event of one pass over the events. */
  measure(): Promise<number>;
  stop(): void;
}

export async function measureWarmCpu(
  ingestBundle: string,
  bodies: string[],
  dir: string,
  rounds: number,
): Promise<WarmCpu> {
  const canned = await startCannedSqs();
  const probe = join(dir, 'warm-probe.mjs');
  writeFileSync(probe, PROBE);
  const eventsFile = join(dir, 'warm-events.ndjson');
  writeFileSync(eventsFile, probeEvents(bodies));
  const floor = await buildFloor(
    "export { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';",
    join(dir, 'floor-send'),
    'node20',
  );
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_SQS: canned.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    EVENTS_QUEUE_URL: `${canned.url}/000000000000/events`,
    QUARANTINE_QUEUE_URL: `${canned.url}/000000000000/quarantine`,
    WEBHOOK_TOKEN: 'bench-token-0123456789',
    // As deployed: INFO logs and metrics on (their output goes nowhere here).
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL_OVERRIDE ?? 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: 'EngageWfmForwarder',
  };
  // Each probe stays up and measures one pass when asked; the passes of one round run back to
  // back, so every ratio compares the same moment of the machine.
  const startProbe = async (mode: ProbeMode, bundle: string, extraEnv = {}): Promise<Probe> => {
    const child = spawn(process.execPath, [probe, mode, `file://${bundle}`, eventsFile], {
      env: { ...env, ...extraEnv },
      // The handler's log lines go nowhere; figures come back over the IPC channel.
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    const reply = () =>
      new Promise<unknown>((resolve, reject) => {
        const failed = (code: number | null) =>
          reject(new Error(`warm CPU probe (${mode}) exited with ${code}`));
        child.once('exit', failed);
        child.once('message', (message) => {
          child.off('exit', failed);
          resolve(message);
        });
      });
    await reply();
    return {
      measure: async () => {
        const measured = reply();
        child.send('measure');
        return Number(await measured);
      },
      stop: () => child.kill(),
    };
  };
  const probes: Probe[] = [];
  try {
    for (const [mode, bundle, extraEnv] of [
      ['floor', floor],
      ['handler', ingestBundle],
      ['wire', floor],
      [
        'handler',
        ingestBundle,
        { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
      ],
    ] as const) {
      probes.push(await startProbe(mode, bundle, extraEnv));
    }
    const micros: number[][] = probes.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, probe] of probes.entries()) micros[index]?.push(await probe.measure());
    }
    const [floorMicros = [], handlerMicros = [], wireMicros = [], quietMicros = []] = micros;
    const againstFloor = (values: number[]) =>
      values.map((value, index) => value / (floorMicros[index] ?? value));
    return {
      handlerMicros,
      floorMicros,
      ratio: againstFloor(handlerMicros),
      wireRatio: againstFloor(wireMicros),
      withoutLogAndMetricsOutputRatio: againstFloor(quietMicros),
    };
  } finally {
    for (const probe of probes) probe.stop();
    canned.server.close();
  }
}

/** `npx tsx bench/warm-cpu.ts [rounds]`: this figure alone, on the bench's first 1500 events. */
if (require.main === module) {
  const dir = mkdtempSync(join(tmpdir(), 'warm-cpu-'));
  const bodies = sampleDayBodies().slice(0, 1500);
  bundleHandler('ingest', dir, 'node24')
    .then((bundle) => measureWarmCpu(bundle, bodies, dir, Number(process.argv[2] ?? 5)))
    .then((warm) => {
      warm.ratio.forEach((value, index) => {
        console.log(
          `handler ${warm.handlerMicros[index]?.toFixed(1)} µs, floor ${warm.floorMicros[index]?.toFixed(1)} µs, ratio ${value.toFixed(3)}`,
        );
      });
      console.log(
        `median ratio ${median(warm.ratio).toFixed(3)}; queue message alone ${median(warm.wireRatio).toFixed(3)}, handler without log and metrics output ${median(warm.withoutLogAndMetricsOutputRatio).toFixed(3)}`,
      );
    });
}
