import fc from 'fast-check';
import type { Envelope } from '../../../lambdas/events';
import { dynamodb } from '../../../lambdas/platform/dynamodb/client';
import { AGENT, agentDay, envelopesOf } from '../../support/agent-day';
import { RequestLog, type SentCommand } from '../../support/request-log';
import { scenario } from '../../support/scenarios';
import { deliver, freshTables, snapshot, storeHandlerFor } from '../../support/store-tables';

/** Seeded faults: DynamoDB errors injected into the shared client the handler uses. */
describe('seeded DynamoDB faults', () => {
  let log: RequestLog;
  beforeEach(() => {
    log = new RequestLog(dynamodb);
  });
  afterEach(() => log.detach());

  const mentions = (command: SentCommand, text: string) =>
    JSON.stringify(command.input).includes(text);

  async function cleanRun(events: readonly Envelope[]) {
    const names = await freshTables();
    await deliver(
      storeHandlerFor(names),
      events.map((event) => [event]),
    );
    return snapshot(names);
  }

  it('an error on one record fails only that record; rerunning the half-done batch is harmless', async () => {
    const { events } = scenario('supervisor-monitoring');
    const batch = Object.values(events);
    const target = events.agentAvailable as Envelope;
    const names = await freshTables();
    const handler = storeHandlerFor(names);
    // The target's timeline row is written, then its session update fails: half done.
    log.failCommandsWhere(
      (command) => command.name === 'UpdateItemCommand' && mentions(command, target.eventId),
    );
    expect(await deliver(handler, [batch])).toEqual([`message-${batch.indexOf(target)}`]);
    const halfDone = await snapshot(names);
    expect(halfDone.states).toHaveLength(6);
    expect(halfDone.sessions.find((s) => s.agentLoginId === AGENT.agentLoginId)).toMatchObject({
      currentState: 'WORKING',
    });

    log.failCommandsWhere(undefined);
    expect(await deliver(handler, [batch])).toEqual([]);
    expect(await snapshot(names)).toEqual(await cleanRun(batch));
  });

  it('a failed call write fails the record that ended the span; its redelivery completes the call', async () => {
    const { events, expected } = scenario('supervisor-monitoring');
    const { agentAvailable, ...rest } = events;
    const names = await freshTables();
    const handler = storeHandlerFor(names);
    await deliver(handler, [Object.values(rest)]);
    log.failCommandsWhere(
      (command) => command.name === 'PutItemCommand' && mentions(command, names.calls),
    );
    expect(await deliver(handler, [[agentAvailable as Envelope]])).toEqual(['message-0']);
    expect(log.sent.some((command) => mentions(command, names.calls))).toBe(true);
    log.failCommandsWhere(undefined);
    expect(await deliver(handler, [[agentAvailable as Envelope]])).toEqual([]);
    const [call] = (await snapshot(names)).calls;
    expect(call).toMatchObject(expected.expectedCall ?? {});
  });

  it('whichever write fails, redelivering the failed records ends in the clean result', async () => {
    const runs = fc.sample(fc.tuple(agentDay.map(envelopesOf), fc.integer({ min: 0, max: 15 })), {
      numRuns: 6,
      seed: 8,
    });
    for (const [events, faultAt] of runs) {
      const names = await freshTables();
      const handler = storeHandlerFor(names);
      let writes = 0;
      log.failCommandsWhere(
        (command) =>
          ['PutItemCommand', 'UpdateItemCommand'].includes(command.name) && writes++ === faultAt,
      );
      const batches = chunk(events, 10);
      const failedEvents: Envelope[] = [];
      for (const batch of batches) {
        const failed = await deliver(handler, [batch]);
        failedEvents.push(...batch.filter((_, index) => failed.includes(`message-${index}`)));
      }
      log.failCommandsWhere(undefined);
      // One failed write fails exactly one record, the one that sent it.
      expect(writes).toBeGreaterThan(faultAt);
      expect(failedEvents).toHaveLength(1);
      // Redeliver what failed (SQS would), then the whole stream once more (a replay).
      expect(await deliver(handler, [failedEvents])).toEqual([]);
      expect(await deliver(handler, batches)).toEqual([]);
      expect(await snapshot(names)).toEqual(await cleanRun(events));
    }
  }, 60_000);
});

function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    chunks.push(items.slice(start, start + size));
  return chunks;
}
