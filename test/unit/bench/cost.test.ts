import {
  costPerMillionEvents,
  ingestedLogBytes,
  LOG_EVENT_OVERHEAD_BYTES,
  usageAtSenderPace,
} from '../../../bench/cost';

const idle = { invocations: 0, averageDurationMs: 0, memoryMb: 128 };
const nothing = { writeUnits: 0, readUnits: 0, logBytes: 0, traces: 0 };

describe('the cost model', () => {
  it('prices one event per request, published once, with batched store work, at list prices', () => {
    const events = 1_000_000;
    const cost = costPerMillionEvents({
      events,
      httpRequests: events,
      functions: [
        { invocations: events, averageDurationMs: 10, memoryMb: 256 },
        { invocations: events / 10, averageDurationMs: 50, memoryMb: 256 },
      ],
      snsPublishes: Array.from({ length: events }, () => ({ payloadBytes: 2_000 })),
      // The topic's deliveries are free: the store's receives and deletes are what SQS bills.
      sqsRequests: [
        ...Array.from({ length: events / 10 }, () => ({ payloadBytes: 20_000 })),
        ...Array.from({ length: events / 10 }, () => ({ payloadBytes: 100 })),
      ],
      writeUnits: 2 * events,
      readUnits: 4 * events,
      logBytes: 2 * 1024 ** 3,
      traces: 0,
    });
    expect(cost.httpApi).toBeCloseTo(1.0, 6);
    // 1.1 M invocations x $0.20/M + (1 M x 0.01 s + 0.1 M x 0.05 s) x 0.25 GB x $0.0000133334
    expect(cost.lambda).toBeCloseTo(0.22 + 3750 * 0.0000133334, 6);
    expect(cost.sns).toBeCloseTo(0.5, 6);
    expect(cost.sqs).toBeCloseTo(0.2 * 0.4, 6);
    // 2 M write units at $0.625/M and 4 M read units at $0.125/M.
    expect(cost.dynamodb).toBeCloseTo(1.25 + 0.5, 6);
    // 2 GB at $0.50/GB.
    expect(cost.logs).toBeCloseTo(1.0, 6);
    expect(cost.xray).toBe(0);
    expect(cost.total).toBeCloseTo(
      cost.httpApi + cost.lambda + cost.sns + cost.sqs + cost.dynamodb + cost.logs + cost.xray,
      9,
    );
  });

  it('bills each started 64 KiB of an SQS request or an SNS publish as one', () => {
    const cost = costPerMillionEvents({
      events: 1,
      httpRequests: 0,
      functions: [idle],
      snsPublishes: [{ payloadBytes: 2 * 64 * 1024 + 1 }, { payloadBytes: 0 }],
      sqsRequests: [{ payloadBytes: 64 * 1024 + 1 }],
      ...nothing,
    });
    expect(cost.sqs).toBeCloseTo(2 * 0.4, 9);
    expect(cost.sns).toBeCloseTo(4 * 0.5, 9);
  });

  it('prices X-Ray per trace recorded', () => {
    const cost = costPerMillionEvents({
      events: 10,
      httpRequests: 0,
      functions: [],
      snsPublishes: [],
      sqsRequests: [],
      ...nothing,
      traces: 10,
    });
    expect(cost.xray).toBeCloseTo(5.0, 9);
  });

  it('counts each log line with its event overhead', () => {
    expect(ingestedLogBytes(3, 100)).toBe(100 + 3 * LOG_EVENT_OVERHEAD_BYTES);
  });
});

describe('a day at the sender pace', () => {
  const inputs = {
    events: 100,
    storeBatches: 80,
    writeUnits: 220,
    readUnits: 30,
    memoryMb: 256,
    ingestMs: 20,
    storeBatchMs: 100,
    publishBytes: 3_000,
    envelopeBytes: 2_500,
    ingestLogBytes: 900,
    storeLogBytes: 400,
    accessLogBytes: 250,
    platformLogBytes: 300,
    tracesPerRequest: 0,
  };

  it('runs ingest once per event and the store once per batch', () => {
    const usage = usageAtSenderPace(inputs);
    expect(usage.functions).toEqual([
      { invocations: 100, averageDurationMs: 20, memoryMb: 256 },
      { invocations: 80, averageDurationMs: 100, memoryMb: 256 },
    ]);
    expect(usage.httpRequests).toBe(100);
    expect(usage.snsPublishes).toHaveLength(100);
  });

  it('receives and deletes each batch once, a batch carrying its events', () => {
    const { sqsRequests } = usageAtSenderPace(inputs);
    expect(sqsRequests).toHaveLength(160);
    expect(sqsRequests[0]?.payloadBytes).toBeCloseTo(2_500 * (100 / 80), 9);
  });

  it('logs per request (function, access log, platform) and per batch (function, platform)', () => {
    expect(usageAtSenderPace(inputs).logBytes).toBe(100 * (900 + 250 + 300) + 80 * (400 + 300));
  });

  it('traces what the setting traces', () => {
    expect(usageAtSenderPace(inputs).traces).toBe(0);
    expect(usageAtSenderPace({ ...inputs, tracesPerRequest: 1 }).traces).toBe(100);
  });
});
