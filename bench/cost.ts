/**
 * Cost per million events from counted requests, measured durations and measured log bytes at
 * list prices (us-east-1, arm64 Lambda). Every input is a count, a size or a duration the bench
 * measured; nothing is guessed here.
 */
export const PRICES = {
  httpApiPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  /** arm64 price per GB-second. */
  lambdaGbSecond: 0.0000133334,
  sqsPerMillionRequests: 0.4,
  /** Each 64 KiB of a payload is billed as one request. */
  sqsChunkBytes: 64 * 1024,
  /** Standard topic publishes (a PublishBatch call is one); delivery to SQS is not charged. */
  snsPerMillionPublishes: 0.5,
  /** Each 64 KiB of a publish request's payload is billed as one publish. */
  snsChunkBytes: 64 * 1024,
  dynamodbPerMillionWriteUnits: 0.625,
  dynamodbPerMillionReadUnits: 0.125,
  /** CloudWatch Logs ingestion (standard log class). */
  logsPerGb: 0.5,
  /** X-Ray traces recorded. */
  xrayPerMillionTraces: 5.0,
} as const;

/**
 * What CloudWatch Logs counts for one log event besides its text: the 26 bytes of each event's
 * overhead in its size accounting, taken here as billed too (the worse case).
 */
export const LOG_EVENT_OVERHEAD_BYTES = 26;

export interface FunctionUsage {
  invocations: number;
  averageDurationMs: number;
  memoryMb: number;
}

export interface CountedUsage {
  events: number;
  httpRequests: number;
  /** Every function that runs for events (ingest per request, the store per batch). */
  functions: FunctionUsage[];
  /** Publish / PublishBatch calls to the events topic, each with its payload bytes. */
  snsPublishes: { payloadBytes: number }[];
  /**
   * SendMessage / ReceiveMessage / DeleteMessage(Batch) calls, each with its payload bytes. The
   * topic's deliveries into the queues are not SQS requests anyone pays for.
   */
  sqsRequests: { payloadBytes: number }[];
  writeUnits: number;
  /** The store's own reads (its merges look items up). */
  readUnits: number;
  /** Bytes CloudWatch Logs ingests, overhead included (functions' lines, the API's access log). */
  logBytes: number;
  /** Traces X-Ray records (none with tracing off, the default). */
  traces: number;
}

export interface CostBreakdown {
  httpApi: number;
  lambda: number;
  sns: number;
  sqs: number;
  dynamodb: number;
  logs: number;
  xray: number;
  total: number;
}

function lambdaCost(usage: FunctionUsage): number {
  const gbSeconds = usage.invocations * (usage.averageDurationMs / 1000) * (usage.memoryMb / 1024);
  return (
    (usage.invocations / 1e6) * PRICES.lambdaRequestsPerMillion + gbSeconds * PRICES.lambdaGbSecond
  );
}

/** Billed requests: each started chunk of a request's payload counts as one, and at least one. */
const billedChunks = (requests: readonly { payloadBytes: number }[], chunkBytes: number) =>
  requests.reduce(
    (sum, request) => sum + Math.max(1, Math.ceil(request.payloadBytes / chunkBytes)),
    0,
  );

/** US dollars per million events, by service. */
export function costPerMillionEvents(usage: CountedUsage): CostBreakdown {
  const scale = 1e6 / usage.events;
  const perMillion = (count: number, price: number) => (count / 1e6) * price * scale;
  const httpApi = perMillion(usage.httpRequests, PRICES.httpApiPerMillion);
  const lambda = usage.functions.reduce((sum, used) => sum + lambdaCost(used), 0) * scale;
  const sns = perMillion(
    billedChunks(usage.snsPublishes, PRICES.snsChunkBytes),
    PRICES.snsPerMillionPublishes,
  );
  const sqs = perMillion(
    billedChunks(usage.sqsRequests, PRICES.sqsChunkBytes),
    PRICES.sqsPerMillionRequests,
  );
  const dynamodb =
    perMillion(usage.writeUnits, PRICES.dynamodbPerMillionWriteUnits) +
    perMillion(usage.readUnits, PRICES.dynamodbPerMillionReadUnits);
  const logs = (usage.logBytes / 1024 ** 3) * PRICES.logsPerGb * scale;
  const xray = perMillion(usage.traces, PRICES.xrayPerMillionTraces);
  return {
    httpApi,
    lambda,
    sns,
    sqs,
    dynamodb,
    logs,
    xray,
    total: httpApi + lambda + sns + sqs + dynamodb + logs + xray,
  };
}

/** Bytes CloudWatch Logs takes in for `lines` lines of `bytes` text in all. */
export const ingestedLogBytes = (lines: number, bytes: number) =>
  bytes + lines * LOG_EVENT_OVERHEAD_BYTES;

/** What the bench measured, per unit of work, that a day at the sender's own pace is made of. */
export interface SenderPaceInputs {
  /** Events of the day, each its own HTTP request (the sender posts one event per request). */
  events: number;
  /** Store invocations the day takes at the sender's pace (one per batch; see sender-pace.ts). */
  storeBatches: number;
  writeUnits: number;
  readUnits: number;
  memoryMb: number;
  /** Mean duration of one ingest request and of one store batch at the sender's pace. */
  ingestMs: number;
  storeBatchMs: number;
  /** Mean bytes of one published message (envelope and attributes) and of one queue message. */
  publishBytes: number;
  envelopeBytes: number;
  /** Log bytes ingested (overhead included) per ingest request and per store batch. */
  ingestLogBytes: number;
  storeLogBytes: number;
  /** Per HTTP request: the API's access log line. */
  accessLogBytes: number;
  /** Per invocation of any function: Lambda's own START, END and REPORT lines. */
  platformLogBytes: number;
  /** Traces per request, 0 with tracing off (the default). */
  tracesPerRequest: number;
}

/** The whole day's counted usage from measured unit figures. */
export function usageAtSenderPace(inputs: SenderPaceInputs): CountedUsage {
  const { events, storeBatches } = inputs;
  const eventsPerBatch = events / storeBatches;
  return {
    events,
    httpRequests: events,
    functions: [
      { invocations: events, averageDurationMs: inputs.ingestMs, memoryMb: inputs.memoryMb },
      {
        invocations: storeBatches,
        averageDurationMs: inputs.storeBatchMs,
        memoryMb: inputs.memoryMb,
      },
    ],
    snsPublishes: Array.from({ length: events }, () => ({ payloadBytes: inputs.publishBytes })),
    // The event source receives each batch and deletes it with one DeleteMessageBatch (its
    // empty long polls are a fixed monthly cost, not a cost per event).
    sqsRequests: [
      ...Array.from({ length: storeBatches }, () => ({
        payloadBytes: inputs.envelopeBytes * eventsPerBatch,
      })),
      ...Array.from({ length: storeBatches }, () => ({ payloadBytes: 1_000 })),
    ],
    writeUnits: inputs.writeUnits,
    readUnits: inputs.readUnits,
    logBytes:
      events * (inputs.ingestLogBytes + inputs.accessLogBytes + inputs.platformLogBytes) +
      storeBatches * (inputs.storeLogBytes + inputs.platformLogBytes),
    traces: events * inputs.tracesPerRequest,
  };
}
