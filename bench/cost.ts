/**
 * Cost per million events from counted requests and list prices (us-east-1, arm64 Lambda).
 * Every input is a measured count or duration from the bench run; nothing is guessed here.
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
} as const;

export interface FunctionUsage {
  invocations: number;
  averageDurationMs: number;
  memoryMb: number;
}

export interface CountedUsage {
  events: number;
  httpRequests: number;
  ingest: FunctionUsage;
  store: FunctionUsage;
  /** Publish / PublishBatch calls to the events topic, each with its payload bytes. */
  snsPublishes: { payloadBytes: number }[];
  /**
   * SendMessage / ReceiveMessage / DeleteMessage(Batch) calls, each with its payload bytes. The
   * topic's deliveries into the queues are not SQS requests anyone pays for.
   */
  sqsRequests: { payloadBytes: number }[];
  writeUnits: number;
}

export interface CostBreakdown {
  httpApi: number;
  lambda: number;
  sns: number;
  sqs: number;
  dynamodb: number;
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
  const lambda = (lambdaCost(usage.ingest) + lambdaCost(usage.store)) * scale;
  const sns = perMillion(
    billedChunks(usage.snsPublishes, PRICES.snsChunkBytes),
    PRICES.snsPerMillionPublishes,
  );
  const sqs = perMillion(
    billedChunks(usage.sqsRequests, PRICES.sqsChunkBytes),
    PRICES.sqsPerMillionRequests,
  );
  const dynamodb = perMillion(usage.writeUnits, PRICES.dynamodbPerMillionWriteUnits);
  return { httpApi, lambda, sns, sqs, dynamodb, total: httpApi + lambda + sns + sqs + dynamodb };
}
