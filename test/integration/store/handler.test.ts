import { lambdaContext } from '../../../bin/local/lambda-context';
import type { Envelope } from '../../../lambdas/events';
import { logger } from '../../../lambdas/platform/logger';
import { envelopeOf } from '../../support/contract';
import { permutations, scenario, vendorStateEvents } from '../../support/scenarios';
import { sqsEvent } from '../../support/sqs-event';
import {
  deliver,
  freshTables,
  type StoreHandler,
  type StoreTableNames,
  snapshot,
  storeEnv,
  storeHandlerFor,
} from '../../support/store-tables';
import { vendorEvent } from '../../support/vendor-fixtures';

/** The real store handler on DynamoDB Local (tables provisioned from resources.ts). */

const SESSION = '612829048';
const ENGAGED_CALL = '202008281319380132120000030797';

describe('the handler module', () => {
  let names: StoreTableNames;
  let handler: StoreHandler;

  beforeAll(async () => {
    names = await freshTables();
    Object.assign(process.env, storeEnv(names));
    ({ handler } = await import('../../../lambdas/store/handler'));
  });

  it("stores the vendor's four state events, in any batch order, as one ENGAGED session", async () => {
    const events = vendorStateEvents();
    const reversed = [...events].reverse();
    expect(
      await deliver(handler, [reversed, [events[1] as Envelope, events[3] as Envelope]]),
    ).toEqual([]);
    const { sessions, states, calls } = await snapshot(names);
    expect(sessions).toEqual([
      expect.objectContaining({
        agentLoginId: SESSION,
        status: 'LOGGED_IN',
        currentState: 'ENGAGED',
        currentCallId: ENGAGED_CALL,
      }),
    ]);
    expect(states.map((row) => [row.state, row.auxState ?? ''])).toEqual([
      ['AVAILABLE', ''],
      ['AVAILABLE', 'Available'],
      ['TRANSITION', ''],
      ['ENGAGED', ''],
    ]);
    // The agent is still talking: no call record until the talk ends or the end-call comes.
    expect(calls).toEqual([]);
  });

  it('reports a message it can never store, alone and every time, with a log line saying why', async () => {
    const logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
    try {
      const [good] = vendorStateEvents();
      const bodies = [
        JSON.stringify(good),
        JSON.stringify({ ...good, schemaVersion: 99 }),
        JSON.stringify({ ...good, occurredAt: 'yesterday' }),
      ];
      for (const receiveCount of [1, 5]) {
        const context = lambdaContext('engage-wfm-store-test', 'refusals', 30_000);
        const response = await handler(sqsEvent(bodies, receiveCount), context);
        expect(response.batchItemFailures).toEqual([
          { itemIdentifier: 'message-1' },
          { itemIdentifier: 'message-2' },
        ]);
      }
      const reasons = logged.mock.calls.map(
        ([, details]) => (details as { reason: string }).reason,
      );
      expect(reasons).toEqual([
        'unknown schemaVersion 99, this store reads 1',
        'envelope is invalid: occurredAt',
        'unknown schemaVersion 99, this store reads 1',
        'envelope is invalid: occurredAt',
      ]);
    } finally {
      logged.mockRestore();
    }
  });
});

describe('arrival order, on DynamoDB', () => {
  it.each(permutations([0, 1, 2, 3]).map((order) => [order.join(' '), order]))(
    "the vendor's four state events in order %s give the same items",
    async (_name, order) => {
      const events = vendorStateEvents();
      const inOrder = await freshTables();
      await deliver(
        storeHandlerFor(inOrder),
        events.map((event) => [event]),
      );
      const other = await freshTables();
      const arrival = (order as number[]).map((index) => events[index] as Envelope);
      expect(await deliver(storeHandlerFor(other), [arrival, arrival.slice(1, 3)])).toEqual([]);
      expect(await snapshot(other)).toEqual(await snapshot(inOrder));
    },
  );

  it('a supervisor listening in is recorded as a monitor; the end-call names the handler', async () => {
    const { events, expected } = scenario('supervisor-monitoring');
    const names = await freshTables();
    const { endCall, supervisorEngaged, supervisorAvailable, ...agent } = events;
    // Worst order for a naive merge: the supervisor's span is complete before the agent's.
    await deliver(storeHandlerFor(names), [
      [supervisorEngaged, supervisorAvailable] as Envelope[],
      Object.values(agent),
      [endCall as Envelope],
    ]);
    const { calls } = await snapshot(names);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject(expected.expectedCall ?? {});
  });

  it('a call without its end-call is inferred; the late end-call completes the same item', async () => {
    const { events, expected } = scenario('missing-end-call');
    const { lateEndCall, ...timeline } = events;
    const names = await freshTables();
    const handler = storeHandlerFor(names);
    await deliver(handler, [Object.values(timeline)]);
    expect((await snapshot(names)).calls).toEqual([
      expect.objectContaining(expected.expectedInferred),
    ]);
    await deliver(handler, [[lateEndCall as Envelope]]);
    const [completed] = (await snapshot(names)).calls;
    expect(completed).toMatchObject(expected.expectedCompleted ?? {});
    expect(completed).not.toHaveProperty('inferred');
  });

  it('a deflected call is stored without agent fields', async () => {
    const names = await freshTables();
    const deflected = envelopeOf(vendorEvent('call-inbound-deflected'));
    await deliver(storeHandlerFor(names), [[deflected, deflected]]);
    const [call] = (await snapshot(names)).calls;
    expect(call).toMatchObject({ callState: 'DEFLECTED', gateId: '72992' });
    expect(Object.keys(call ?? {}).filter((name) => name.startsWith('agent'))).toEqual([]);
  });
});
