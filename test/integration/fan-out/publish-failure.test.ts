import type {
  PublishBatchCommandInput,
  PublishBatchCommandOutput,
  PublishBatchRequestEntry,
} from '@aws-sdk/client-sns';
import type { Handlers, LocalStack } from '../../../bin/local/stack';
import type { Envelope } from '../../../lambdas/events';
import { sampleDay } from '../../../samples/sample-day';
import { envelopeOf } from '../../support/contract';
import { loadSourceHandlers, startTestStack, waitUntilDrained } from '../../support/local-stack';
import { drainQueue } from '../../support/resources';
import { deliver, freshTables, snapshot, storeHandlerFor } from '../../support/store-tables';

/**
 * While `failing`, the topic refuses entries as PublishBatch does, with HTTP 200 and the entry
 * under Failed: `dropped` ones are not published at all, `reportedOnly` ones are published and
 * still reported failed (as when SNS took a message but its answer was lost).
 */
const faults = {
  failing: false,
  dropped: new Set<string>(),
  reportedOnly: new Set<string>(),
};
const eventIdOf = (entry: PublishBatchRequestEntry) => JSON.parse(entry.Message ?? '{}').eventId;

/** The real ingest handler whose SNS client passes through `faults`, and the real store. */
async function loadHandlers(dataDir: string, storeInstances: number): Promise<Handlers> {
  const { store, read } = await loadSourceHandlers(dataDir, storeInstances);
  let ingest: Handlers['ingest'] | undefined;
  await jest.isolateModulesAsync(async () => {
    const { sns } = await import('../../../lambdas/platform/sns');
    sns.middlewareStack.add(
      (next, context) => async (args) => {
        if (!faults.failing || context.commandName !== 'PublishBatchCommand') return next(args);
        const input = args.input as PublishBatchCommandInput;
        const entries = input.PublishBatchRequestEntries ?? [];
        const dropped = entries.filter((entry) => faults.dropped.has(eventIdOf(entry)));
        const sent = entries.filter((entry) => !dropped.includes(entry));
        const result = await next({
          ...args,
          input: { ...input, PublishBatchRequestEntries: sent },
        });
        const output = result.output as PublishBatchCommandOutput;
        const reported = sent.filter((entry) => faults.reportedOnly.has(eventIdOf(entry)));
        const refused = [...dropped, ...reported].map(({ Id }) => ({
          Id,
          Code: 'InternalError',
          Message: 'injected',
          SenderFault: false,
        }));
        output.Successful = (output.Successful ?? []).filter(
          (success) => !reported.some((entry) => entry.Id === success.Id),
        );
        output.Failed = [...(output.Failed ?? []), ...refused];
        return result;
      },
      { step: 'initialize', name: 'injectEntryFailures' },
    );
    ({ handler: ingest } = await import('../../../lambdas/ingest/handler'));
  });
  if (ingest === undefined) throw new Error('ingest did not load');
  return { ingest, read, store };
}

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack({
    loadHandlers,
    // Every copy the topic delivers, doubles included.
    subscribers: [{ name: 'audit', filter: {} }],
  });
});
afterAll(() => stack.stop());

const postBatch = async (events: readonly Record<string, unknown>[]) => {
  const response = await fetch(`${stack.endpoints.apiUrl}/v1/events`, {
    method: 'POST',
    headers: { 'x-webhook-token': stack.endpoints.token, 'content-type': 'application/json' },
    body: JSON.stringify(events),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
};

describe('a PublishBatch entry the topic refuses', () => {
  it('answers 503 claiming nothing, and after the sender retries the tables hold each event once', async () => {
    // 24 events of the sample day in one request: three PublishBatch calls (10, 10 and 4).
    const events = sampleDay().slice(0, 24);
    const ids = events.map((event) => envelopeOf(event).eventId);
    const [droppedId, reportedId] = [ids[3] as string, ids[15] as string];
    faults.dropped.add(droppedId);
    faults.reportedOnly.add(reportedId);

    faults.failing = true;
    const refused = await postBatch(events);
    expect(refused).toEqual({
      status: 503,
      body: { error: 'temporarily unavailable: nothing was accepted, send it again' },
    });
    faults.failing = false;
    const retried = await postBatch(events);
    expect(retried.status).toBe(202);
    expect((retried.body.accepted as { eventId: string }[]).map((event) => event.eventId)).toEqual(
      ids,
    );
    await waitUntilDrained(stack);

    // What the topic delivered: the refused entry once (the retry), the one SNS took but reported
    // failed on every round and again on the retry, every other event twice.
    const copies = new Map<string, Envelope[]>();
    for (const message of await drainQueue(
      stack.endpoints.sqs.subscribers.audit?.queueUrl ?? '',
      stack.sqs,
    )) {
      const envelope = JSON.parse(message.Body ?? '{}') as Envelope;
      copies.set(envelope.eventId, [...(copies.get(envelope.eventId) ?? []), envelope]);
    }
    expect([...copies.keys()].sort()).toEqual([...ids].sort());
    expect(copies.get(droppedId)).toHaveLength(1);
    expect(copies.get(reportedId)?.length).toBeGreaterThanOrEqual(2);
    for (const id of ids.filter((id) => id !== droppedId && id !== reportedId)) {
      expect(copies.get(id)).toHaveLength(2);
    }

    // The store got the same doubles; its tables equal those of each event stored once.
    const reference = await freshTables();
    const once = ids.map((id) => copies.get(id)?.[0] as Envelope);
    await deliver(storeHandlerFor(reference), [
      once.slice(0, 10),
      once.slice(10, 20),
      once.slice(20),
    ]);
    expect(await snapshot(stack.endpoints.dynamodb.tables, stack.dynamodb)).toEqual(
      await snapshot(reference),
    );
    expect(await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs)).toHaveLength(0);
  });
});
