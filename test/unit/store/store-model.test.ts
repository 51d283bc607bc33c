import fc from 'fast-check';
import type { Envelope } from '../../../lambdas/events';
import type { Item } from '../../../lambdas/items/item';
import { AGENT, agentDay, envelopesOf, SUPERVISOR } from '../../support/agent-day';
import { envelopeOf } from '../../support/contract';
import { redeliveries } from '../../support/runs';
import { permutations, scenario, vendorStateEvents } from '../../support/scenarios';
import { storeAll, storeBatches } from '../../support/store-runs';
import { vendorEvent } from '../../support/vendor-fixtures';

/**
 * The store's rules and their orchestration on the in-memory model of the tables: fast enough to
 * try many orders. test/integration/store runs the same properties through the real handler on
 * DynamoDB Local.
 */

const SESSION = '612829048';
const ENGAGED_CALL = '202008281319380132120000030797';

describe("the vendor's four state events", () => {
  const events = vendorStateEvents();

  it.each(permutations([0, 1, 2, 3]).map((order) => [order.join(' '), order]))(
    'in order %s give one ENGAGED session and a 4-row timeline in order',
    async (_name, order) => {
      const arrival = (order as number[]).map((index) => events[index] as Envelope);
      const { sessionItems, stateItems } = await storeAll([...arrival, ...arrival.slice(0, 2)]);
      expect(sessionItems.get(SESSION)).toMatchObject({
        agentLoginId: SESSION,
        status: 'LOGGED_IN',
        currentState: 'ENGAGED',
        currentCallId: ENGAGED_CALL,
        stateSince: '2020-06-30T19:44:30.000Z',
        lastEventAt: '2020-06-30T19:44:30.000Z',
        lastEventId: events[3]?.eventId,
      });
      expect(sessionItems.get(SESSION)).not.toHaveProperty('currentAuxState');
      const timeline = [...(stateItems.get(SESSION)?.values() ?? [])].sort((a, b) =>
        (a.timelineKey as string) < (b.timelineKey as string) ? -1 : 1,
      );
      expect(timeline.map((row) => [row.prevState, row.state, row.auxState ?? ''])).toEqual([
        ['LOGIN', 'AVAILABLE', ''],
        ['AVAILABLE', 'AVAILABLE', 'Available'],
        ['AVAILABLE', 'TRANSITION', ''],
        ['TRANSITION', 'ENGAGED', ''],
      ]);
      expect(timeline[3]?.callId).toBe(ENGAGED_CALL);
    },
  );
});

describe('sessions converge whatever arrives first', () => {
  const loginFields = vendorEvent('login');
  const login = envelopeOf(loginFields);
  const logout = envelopeOf({
    ...loginFields,
    event_type: 'LOGOUT',
    date_time: '2020-06-25 16:36:49',
    duration: '7200',
  });
  const working = envelopeOf({
    ...vendorEvent('state-3-transition'),
    agent_login_id: loginFields.agent_login_id,
    date_time: '2020-06-25 15:00:00',
    prev_state: 'AVAILABLE',
    event_type: 'WORKING',
    event_aux_type: 'WRAP-UP',
  });
  const loginId = String(loginFields.agent_login_id);

  it('a LOGOUT before its LOGIN gives the full session', async () => {
    const inOrder = await storeAll([login, working, logout]);
    for (const order of permutations([login, working, logout])) {
      const session = (await storeAll(order)).sessionItems.get(loginId);
      expect(session).toEqual(inOrder.sessionItems.get(loginId));
    }
    expect(inOrder.sessionItems.get(loginId)).toMatchObject({
      status: 'LOGGED_OUT',
      loginAt: '2020-06-25T14:36:49.000Z',
      loginDuration: 0,
      logoutAt: '2020-06-25T16:36:49.000Z',
      logoutDuration: 7200,
      currentState: 'WORKING',
      currentAuxState: 'WRAP-UP',
      lastEventId: logout.eventId,
      agentKey: '15300002#1369310',
    });
  });

  it('a state event creates the session; its LOGIN later sets loginAt without moving the state back', async () => {
    const tables = await storeAll([working]);
    expect(tables.sessionItems.get(loginId)).toMatchObject({ status: 'LOGGED_IN' });
    expect(tables.sessionItems.get(loginId)).not.toHaveProperty('loginAt');
    await storeAll([login], tables);
    expect(tables.sessionItems.get(loginId)).toMatchObject({
      loginAt: '2020-06-25T14:36:49.000Z',
      currentState: 'WORKING',
      lastEventAt: '2020-06-25T15:00:00.000Z',
    });
  });
});

describe('calls', () => {
  it('a supervisor listening in is a monitor, in any order', async () => {
    const { events, expected } = scenario('supervisor-monitoring');
    const all = Object.values(events);
    const callId = String(expected.expectedCall?.callId);
    await fc.assert(
      fc.asyncProperty(redeliveries(all), async (batches) => {
        const { callItems } = await storeBatches(batches);
        expect(callItems.get(callId)).toMatchObject(expected.expectedCall ?? {});
      }),
      { numRuns: 60 },
    );
  });

  it('a call whose end-call never comes is inferred from the timeline; a late one completes it', async () => {
    const { events, expected } = scenario('missing-end-call');
    const { lateEndCall, ...withoutEndCall } = events;
    const callId = String(expected.expectedInferred?.callId);
    const inferred = await storeAll(Object.values(withoutEndCall));
    expect(inferred.callItems.get(callId)).toMatchObject(expected.expectedInferred ?? {});
    await storeAll([lateEndCall as Envelope], inferred);
    const completed = inferred.callItems.get(callId);
    expect(completed).toMatchObject(expected.expectedCompleted ?? {});
    expect(completed).not.toHaveProperty('inferred');
    for (const order of permutations(Object.values(events))) {
      expect((await storeAll(order)).callItems.get(callId)).toEqual(completed);
    }
  });

  it('the ENGAGED state and the end-call merge into one call in either order', async () => {
    const { events, expected } = scenario('missing-end-call');
    const callId = String(expected.expectedInferred?.callId);
    const { agentEngaged, agentAvailable, agentWorking, lateEndCall } = events as Record<
      string,
      Envelope
    >;
    const timelineFirst = await storeAll([
      agentEngaged,
      agentWorking,
      agentAvailable,
      lateEndCall,
    ] as Envelope[]);
    const endCallFirst = await storeAll([
      lateEndCall,
      agentAvailable,
      agentEngaged,
      agentWorking,
    ] as Envelope[]);
    expect(endCallFirst.callItems.get(callId)).toEqual(timelineFirst.callItems.get(callId));
    expect(timelineFirst.callItems.size).toBe(1);
  });

  it('a deflected call is stored without agent fields', async () => {
    const deflected = envelopeOf(vendorEvent('call-inbound-deflected'));
    const { callItems } = await storeAll([deflected, deflected]);
    const item = callItems.get('202006302131470132090000083238');
    expect(item).toMatchObject({ callState: 'DEFLECTED', gateId: '72992' });
    expect(Object.keys(item ?? {}).filter((name) => name.startsWith('agent'))).toEqual([]);
  });
});

describe('random agent days', () => {
  it('any order with any repetition stores exactly what the in-order run stores', async () => {
    await fc.assert(
      fc.asyncProperty(
        agentDay.chain((day) => {
          const events = envelopesOf(day);
          return fc.tuple(fc.constant(events), redeliveries(events));
        }),
        async ([inOrder, batches]) => {
          const expected = (await storeAll(inOrder)).snapshot();
          expect((await storeBatches(batches)).snapshot()).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('the in-order run derives every call as the day happened', async () => {
    await fc.assert(
      fc.asyncProperty(agentDay, async (day) => {
        const { callItems, sessionItems } = await storeAll(envelopesOf(day));
        expect(callItems.size).toBe(day.expectedCalls.length);
        for (const call of day.expectedCalls) {
          const item = callItems.get(call.callId);
          const { inferred, monitoredBy, ...rest } = call;
          expect(item).toMatchObject(rest);
          expect(item?.inferred).toBe(inferred ? true : undefined);
          const monitors = item?.monitoredBy as Item | undefined;
          expect(monitors && Object.keys(monitors)).toEqual(monitoredBy);
        }
        expect(sessionItems.get(AGENT.agentLoginId)).toMatchObject({
          status: 'LOGGED_OUT',
          currentState: day.expectedAgentState,
        });
        expect(sessionItems.get(SUPERVISOR.agentLoginId)).toMatchObject({ status: 'LOGGED_OUT' });
      }),
      { numRuns: 150 },
    );
  });
});
