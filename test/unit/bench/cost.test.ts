import { costPerMillionEvents } from '../../../bench/cost';

const idle = { invocations: 0, averageDurationMs: 0, memoryMb: 128 };

describe('the cost model', () => {
  it('prices one event per request, published once, with batched store work, at list prices', () => {
    const events = 1_000_000;
    const cost = costPerMillionEvents({
      events,
      httpRequests: events,
      ingest: { invocations: events, averageDurationMs: 10, memoryMb: 256 },
      store: { invocations: events / 10, averageDurationMs: 50, memoryMb: 256 },
      snsPublishes: Array.from({ length: events }, () => ({ payloadBytes: 2_000 })),
      // The topic's deliveries are free: the store's receives and deletes are what SQS bills.
      sqsRequests: [
        ...Array.from({ length: events / 10 }, () => ({ payloadBytes: 20_000 })),
        ...Array.from({ length: events / 10 }, () => ({ payloadBytes: 100 })),
      ],
      writeUnits: 2 * events,
    });
    expect(cost.httpApi).toBeCloseTo(1.0, 6);
    // 1.1 M invocations x $0.20/M + (1 M x 0.01 s + 0.1 M x 0.05 s) x 0.25 GB x $0.0000133334
    expect(cost.lambda).toBeCloseTo(0.22 + 3750 * 0.0000133334, 6);
    expect(cost.sns).toBeCloseTo(0.5, 6);
    expect(cost.sqs).toBeCloseTo(0.2 * 0.4, 6);
    expect(cost.dynamodb).toBeCloseTo(1.25, 6);
    expect(cost.total).toBeCloseTo(
      cost.httpApi + cost.lambda + cost.sns + cost.sqs + cost.dynamodb,
      9,
    );
  });

  it('bills each started 64 KiB of an SQS request or an SNS publish as one', () => {
    const cost = costPerMillionEvents({
      events: 1,
      httpRequests: 0,
      ingest: idle,
      store: idle,
      snsPublishes: [{ payloadBytes: 2 * 64 * 1024 + 1 }, { payloadBytes: 0 }],
      sqsRequests: [{ payloadBytes: 64 * 1024 + 1 }],
      writeUnits: 0,
    });
    expect(cost.sqs).toBeCloseTo(2 * 0.4, 9);
    expect(cost.sns).toBeCloseTo(4 * 0.5, 9);
  });
});
