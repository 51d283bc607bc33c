import fc from 'fast-check';
import type { Envelope } from '../../../lambdas/events';
import { dynamodb } from '../../../lambdas/platform/dynamodb/client';
import { agentDay, envelopesOf } from '../../support/agent-day';
import { RequestLog } from '../../support/request-log';
import { redeliveries } from '../../support/runs';
import { deliver, freshTables, snapshot, storeHandlerFor } from '../../support/store-tables';

/**
 * The convergence property (docs/tables.md) on DynamoDB Local through the real handler: random realistic agent
 * days (logins, same-second state pairs, breaks with zoo aux states, calls with and without
 * after-call work, supervisors listening in, missing end-calls, deflected calls, logouts, some
 * during after-call work), delivered in any order with random repeats in batches of 1-10 whose
 * records the handler processes concurrently, store exactly the items of the in-order run.
 */
const day = agentDay.chain((generated) => {
  const events = envelopesOf(generated);
  return fc.tuple(fc.constant(generated), fc.constant(events), redeliveries(events));
});

describe('random agent days on DynamoDB', () => {
  it('any order with any repetition stores exactly the items of the in-order run', async () => {
    await fc.assert(
      fc.asyncProperty(day, async ([generated, events, batches]) => {
        const inOrder = await freshTables();
        expect(
          await deliver(
            storeHandlerFor(inOrder),
            events.map((event) => [event]),
          ),
        ).toEqual([]);
        const shuffled = await freshTables();
        expect(await deliver(storeHandlerFor(shuffled), batches)).toEqual([]);
        const expected = await snapshot(inOrder);
        expect(await snapshot(shuffled)).toEqual(expected);
        // And the in-order run is right: one record per call, as the day happened.
        expect(expected.calls.map((call) => call.callId).sort()).toEqual(
          generated.expectedCalls.map((call) => call.callId).sort(),
        );
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('costs at most 2 write requests per event on average, in order and shuffled', async () => {
    const log = new RequestLog(dynamodb);
    try {
      const days = fc.sample(day, { numRuns: 12, seed: 20_260_101 });
      let inOrderWrites = 0;
      let shuffledWrites = 0;
      let events = 0;
      let deliveries = 0;
      for (const [, inOrder, batches] of days) {
        const handler = storeHandlerFor(await freshTables());
        log.reset();
        await deliver(
          handler,
          inOrder.map((event: Envelope) => [event]),
        );
        inOrderWrites += log.writes;
        events += inOrder.length;
        const shuffledHandler = storeHandlerFor(await freshTables());
        log.reset();
        await deliver(shuffledHandler, batches);
        shuffledWrites += log.writes;
        deliveries += batches.flat().length;
      }
      expect(inOrderWrites / events).toBeLessThanOrEqual(2);
      expect(shuffledWrites / deliveries).toBeLessThanOrEqual(2);
      // No transactions, no batch writes: every write is one conditional request.
      expect(log.sent.map((command) => command.name)).not.toContain('TransactWriteItemsCommand');
    } finally {
      log.detach();
    }
  }, 120_000);
});
