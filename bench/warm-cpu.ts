/**
 * Warm CPU per accepted event through the real ingest bundle, against a peer ingest handler
 * written as the Powertools documentation teaches (bench/peers/powertools-ingest.ts; the budget
 * `warmCpuVsPeer.ingest`), and, as references, against a bare SNS Publish of the same payload
 * (the event's body as sent). Each side is a child process that measures its own CPU time, one
 * pass over the events at a time; all get the same HTTP API event for each body and talk to the
 * same canned SNS endpoint in this process (so its CPU counts for none of them), with the same
 * client settings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../bin/local/bundles';
import type { Envelope } from '../lambdas/events';
import { DEADLINE_MS } from '../lambdas/ingest/config';
import { clientOptions } from '../lambdas/platform/client-options';
import { eventMessage } from '../lambdas/platform/event-message';
import { sampleDayBodies } from '../samples/sample-day';
import { buildFloor } from './cold-import';
import { sampleEnvelopes } from './sample-envelopes';
import { median } from './stats';

const SNS_NAMESPACE = 'http://sns.amazonaws.com/doc/2010-03-31/';

/** SNS's XML answer to a Publish or a PublishBatch (every entry taken) of the form `body`. */
function snsAnswer(body: string): string {
  const form = new URLSearchParams(body);
  const metadata = `<ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata>`;
  if (form.get('Action') === 'Publish') {
    return `<PublishResponse xmlns="${SNS_NAMESPACE}"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult>${metadata}</PublishResponse>`;
  }
  const taken = [...form]
    .filter(([key]) => /^PublishBatchRequestEntries\.member\.\d+\.Id$/.test(key))
    .map(([, id]) => `<member><Id>${id}</Id><MessageId>${randomUUID()}</MessageId></member>`);
  return `<PublishBatchResponse xmlns="${SNS_NAMESPACE}"><PublishBatchResult><Successful>${taken.join('')}</Successful><Failed/></PublishBatchResult>${metadata}</PublishBatchResponse>`;
}

/** Answers every Publish and PublishBatch as SNS would (ingest publishes nothing else here). */
export async function startCannedSns(): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(snsAnswer(Buffer.concat(chunks).toString()));
    });
  });
  // Probes idle between their passes; a closed keep-alive connection would be redone mid-pass.
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const PROBE = `
import { readFileSync } from 'node:fs';
const [mode, bundle, eventsFile] = process.argv.slice(2);
const events = readFileSync(eventsFile, 'utf8').trim().split('\\n').map((line) => JSON.parse(line));
const mod = await import(bundle);
const topicArn = process.env.EVENTS_TOPIC_ARN;
const client = mode === 'floor'
  ? new mod.SNSClient({})
  : mode === 'queueMessage' ? new mod.SNSClient(JSON.parse(process.env.PROBE_CLIENT_OPTIONS)) : undefined;
const once = async ({ body, envelope, attributes }, index) => {
  if (mode === 'floor') {
    await client.send(new mod.PublishCommand({ TopicArn: topicArn, Message: body }));
    return;
  }
  if (mode === 'queueMessage') {
    // What ingest publishes for this event, with its client settings and under its deadline.
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), Number(process.env.PROBE_DEADLINE_MS));
    try {
      await client.send(
        new mod.PublishBatchCommand({
          TopicArn: topicArn,
          PublishBatchRequestEntries: [{ Id: '0', Message: envelope, MessageAttributes: attributes }],
        }),
        { abortSignal: deadline.signal },
      );
    } finally {
      clearTimeout(timer);
    }
    return;
  }
  // The HTTP API event as API Gateway sends it (payload 2.0), the same for ingest and the peer.
  const now = Date.now();
  const result = await mod.handler({
    version: '2.0', routeKey: 'POST /v1/events', rawPath: '/v1/events', rawQueryString: '',
    headers: { 'x-webhook-token': process.env.WEBHOOK_TOKEN, 'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)), host: 'abc123.execute-api.us-east-1.amazonaws.com',
      'user-agent': 'Engage-Voice-WFM', 'x-forwarded-for': '192.0.2.10', 'x-forwarded-port': '443',
      'x-forwarded-proto': 'https', 'x-amzn-trace-id': 'Root=1-00000000-000000000000000000000000' },
    requestContext: { accountId: '000000000000', apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com', domainPrefix: 'abc123',
      http: { method: 'POST', path: '/v1/events', protocol: 'HTTP/1.1', sourceIp: '192.0.2.10',
        userAgent: 'Engage-Voice-WFM' },
      requestId: 'bench-' + index, routeKey: 'POST /v1/events', stage: '$default',
      time: new Date(now).toUTCString(), timeEpoch: now },
    body, isBase64Encoded: false,
  }, { awsRequestId: 'bench-' + index, functionName: 'bench', functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:bench', memoryLimitInMB: '256',
    getRemainingTimeInMillis: () => 10000 });
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
 * Each body with the envelope and message attributes ingest publishes for it (the queue message
 * the contract fixes), as the `queueMessageAlone` probe publishes them.
 */
function probeEvents(bodies: readonly string[]): string {
  const envelopes = sampleEnvelopes(bodies);
  return bodies
    .map((body, index) => {
      const { message, attributes } = eventMessage(envelopes[index] as Envelope);
      return JSON.stringify({ body, envelope: message, attributes });
    })
    .join('\n');
}

const PROBES = {
  floor: { mode: 'floor', env: {} },
  handler: { mode: 'handler', env: {} },
  /** The peer ingest handler (bench/peers/powertools-ingest.ts), as deployed: INFO, metrics on. */
  peer: { mode: 'peer', env: {} },
  /** The queue message the contract fixes (envelope and four attributes), published under the deadline. */
  queueMessageAlone: { mode: 'queueMessage', env: {} },
  /** The handler with its log level SILENT and metrics disabled: nothing formatted or written. */
  logAndMetricsOff: {
    mode: 'handler',
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
} as const;
type ProbeName = keyof typeof PROBES;

/** CPU microseconds per event, one value per round, for each probe. */
export type WarmCpu = Record<ProbeName, number[]>;

/** A probe's value of each round against `base`'s value of the same round (the floor's by default). */
export function againstFloor(warm: WarmCpu, name: ProbeName, base: ProbeName = 'floor'): number[] {
  return warm[name].map((micros, round) => micros / (warm[base][round] ?? micros));
}

/** The peer ingest handler's bundle, built like the deployed handlers. */
export function bundlePeer(dir: string): Promise<string> {
  return buildFloor(
    "export { handler } from './bench/peers/powertools-ingest';",
    join(dir, 'peer-ingest'),
    'node24',
  );
}

/** A probe waits for its answers at most this long (a pass takes a second or two). */
const PROBE_REPLY_TIMEOUT_MS = 120_000;

function replyOf(child: ChildProcess, name: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('exit', exited);
      child.off('error', reject);
      child.off('message', answered);
    };
    const answered = (message: unknown) => {
      done();
      resolve(message);
    };
    const exited = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`warm CPU probe ${name} exited (${signal ?? code})`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`warm CPU probe ${name} did not answer`));
    }, PROBE_REPLY_TIMEOUT_MS);
    child.once('message', answered);
    child.once('exit', exited);
    child.once('error', reject);
  });
}

export async function measureWarmCpu(
  ingestBundle: string,
  peerBundle: string,
  bodies: string[],
  dir: string,
  rounds: number,
): Promise<WarmCpu> {
  const probeFile = join(dir, 'warm-probe.mjs');
  writeFileSync(probeFile, PROBE);
  const eventsFile = join(dir, 'warm-events.ndjson');
  writeFileSync(eventsFile, probeEvents(bodies));
  const floorBundle = await buildFloor(
    "export { SNSClient, PublishCommand, PublishBatchCommand } from '@aws-sdk/client-sns';",
    join(dir, 'floor-publish'),
    'node24',
  );
  const canned = await startCannedSns();
  const env = {
    ...process.env,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    AWS_ENDPOINT_URL_SNS: canned.url,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:events',
    QUARANTINE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:quarantine',
    WEBHOOK_TOKEN: 'bench-token-0123456789',
    // As deployed: INFO logs and metrics on (their output goes nowhere here).
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL_OVERRIDE ?? 'INFO',
    POWERTOOLS_METRICS_NAMESPACE: 'EngageWfmForwarder',
    PROBE_CLIENT_OPTIONS: JSON.stringify(clientOptions),
    PROBE_DEADLINE_MS: String(DEADLINE_MS),
  };
  const children = new Map<ProbeName, ChildProcess>();
  try {
    for (const [name, probe] of Object.entries(PROBES) as [
      ProbeName,
      (typeof PROBES)[ProbeName],
    ][]) {
      const bundle =
        probe.mode === 'handler' ? ingestBundle : probe.mode === 'peer' ? peerBundle : floorBundle;
      const child = spawn(
        process.execPath,
        [probeFile, probe.mode, `file://${bundle}`, eventsFile],
        {
          env: { ...env, ...probe.env },
          // The handler's log lines go nowhere; figures come back over the IPC channel.
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        },
      );
      children.set(name, child);
      await replyOf(child, name);
    }
    // Each probe stays up and measures one pass when asked. The passes of a round run back to
    // back, starting with a different probe each round, so that every ratio compares nearly the
    // same moment of the machine and no probe always gets the same slot.
    const warm: WarmCpu = {
      floor: [],
      handler: [],
      peer: [],
      queueMessageAlone: [],
      logAndMetricsOff: [],
    };
    const names = [...children.keys()];
    for (let round = 0; round < rounds; round++) {
      for (let turn = 0; turn < names.length; turn++) {
        const name = names[(round + turn) % names.length] as ProbeName;
        const child = children.get(name) as ChildProcess;
        const measured = replyOf(child, name);
        child.send('measure');
        warm[name].push(Number(await measured));
      }
    }
    return warm;
  } finally {
    for (const child of children.values()) child.kill();
    canned.server.close();
  }
}

/** `npx tsx bench/warm-cpu.ts [rounds]`: this figure alone, on the bench's first 1500 events. */
if (require.main === module) {
  const dir = mkdtempSync(join(tmpdir(), 'warm-cpu-'));
  const bodies = sampleDayBodies().slice(0, 1500);
  Promise.all([bundleHandler('ingest', dir, 'node24'), bundlePeer(dir)])
    .then(([bundle, peer]) =>
      measureWarmCpu(bundle, peer, bodies, dir, Number(process.argv[2] ?? 5)),
    )
    .then((warm) => {
      for (const name of Object.keys(PROBES) as ProbeName[]) {
        const micros = warm[name].map((value) => value.toFixed(1)).join(' / ');
        const ratio = median(againstFloor(warm, name)).toFixed(3);
        const vsPeer = median(againstFloor(warm, name, 'peer')).toFixed(3);
        console.log(
          `${name}: ${micros} µs per event, median ratio to the floor ${ratio}, to the peer ${vsPeer}`,
        );
      }
    });
}
