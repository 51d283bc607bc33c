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
  /** SendMessage / ReceiveMessage / DeleteMessage(Batch) calls, each with its payload bytes. */
  sqsRequests: { payloadBytes: number }[];
  writeUnits: number;
}

export interface CostBreakdown {
  httpApi: number;
  lambda: number;
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

/** US dollars per million events, by service. */
export function costPerMillionEvents(usage: CountedUsage): CostBreakdown {
  const scale = 1e6 / usage.events;
  const sqsBilled = usage.sqsRequests.reduce(
    (sum, request) => sum + Math.max(1, Math.ceil(request.payloadBytes / PRICES.sqsChunkBytes)),
    0,
  );
  const httpApi = (usage.httpRequests / 1e6) * PRICES.httpApiPerMillion * scale;
  const lambda = (lambdaCost(usage.ingest) + lambdaCost(usage.store)) * scale;
  const sqs = (sqsBilled / 1e6) * PRICES.sqsPerMillionRequests * scale;
  const dynamodb = (usage.writeUnits / 1e6) * PRICES.dynamodbPerMillionWriteUnits * scale;
  return { httpApi, lambda, sqs, dynamodb, total: httpApi + lambda + sqs + dynamodb };
}
