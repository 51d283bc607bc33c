/**
 * Reconciliation with RingCX's real-time agent list on a local stack, through the real
 * housekeeping handler (input `{"task":"reconcile"}`) with its real adapters: the RingCX
 * credentials from RINGCX_CREDENTIALS point at a local fake of RingCentral and RingCX, the open
 * sessions come from DynamoDB Local, the inferred logouts go to the events topic on the emulator,
 * through the real store, and to a subscriber's queue.
 */
import type { LocalStack } from '../../../bin/local/stack';
import type { ReconcileOutcome } from '../../../lambdas/housekeeping/reconcile';
import { type FakeRingCx, requestCounts, startFakeRingCx } from '../../support/fake-ringcx';
import { LiveAgent, secondsBeforeNow } from '../../support/live-agents';
import {
  loadSourceHandlersWithHousekeeping,
  sendAndStore,
  startTestStack,
  storedSession,
  waitUntilDrained,
} from '../../support/local-stack';
import { drainQueue } from '../../support/resources';

const RECONCILED = '15310001';
/** Reconciled too, but RingCX answers 503 for it. */
const FAILING = '15310002';
/** Not among the reconciled sub-accounts. */
const OTHER = '15310003';

let stack: LocalStack;
let fake: FakeRingCx;
beforeAll(async () => {
  fake = await startFakeRingCx();
  stack = await startTestStack({
    loadHandlers: loadSourceHandlersWithHousekeeping,
    subscribers: [{ name: 'logouts', filter: { kind: ['agent.logout'] } }],
    env: { RINGCX_CREDENTIALS: JSON.stringify(fake.credentials([RECONCILED, FAILING])) },
  });
});
afterAll(async () => {
  await stack?.stop();
  await fake?.close();
});

const agent = (accountId: string, agentId: string, agentLoginId: string) =>
  new LiveAgent({ accountId, agentId, agentLoginId });

describe('reconciliation with RingCX real-time agent list', () => {
  it('closes the sessions RingCX no longer lists with a reconciled inferred logout, and nothing it cannot vouch for', async () => {
    const ago = secondsBeforeNow();
    const gone = agent(RECONCILED, '6001', '96001');
    const wrong = agent(RECONCILED, '6002', '96002');
    const listed = agent(RECONCILED, '6003', '96003');
    const racing = agent(RECONCILED, '6004', '96004');
    const unanswered = agent(FAILING, '6005', '96005');
    const elsewhere = agent(OTHER, '6006', '96006');
    await sendAndStore(stack, [
      gone.login(ago(3600)),
      gone.move(ago(3000), 'AVAILABLE'),
      wrong.login(ago(3600)),
      wrong.move(ago(2400), 'ON BREAK', 'Lunch'),
      listed.login(ago(3600)),
      listed.move(ago(3600), 'AVAILABLE'),
      // Logged in a moment ago: RingCX's list may not show the agent yet.
      racing.login(ago(20)),
      unanswered.login(ago(3600)),
      elsewhere.login(ago(3600)),
    ]);
    fake.lists.set(RECONCILED, [{ agentLoginId: 96003, agentId: 6003 }]);
    fake.lists.set(FAILING, { status: 503 });

    const outcome = (await stack.reconcile()) as ReconcileOutcome;
    expect(outcome.closed).toHaveLength(2);
    expect(outcome.reconciled).toEqual([RECONCILED]);
    expect(outcome.skipped).toEqual([{ accountId: FAILING, reason: 'agent list answered 503' }]);
    await waitUntilDrained(stack);

    expect(await storedSession(stack, '96001')).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'reconciled',
      logoutAt: ago(3000).toISOString(),
      currentState: 'AVAILABLE',
    });
    expect(await storedSession(stack, '96002')).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'reconciled',
      logoutAt: ago(2400).toISOString(),
    });
    for (const open of ['96003', '96004', '96005', '96006']) {
      expect(await storedSession(stack, open)).toMatchObject({
        status: 'LOGGED_IN',
        presence: 'LOGGED_IN',
      });
    }

    // Subscribers learn it: the agent.logout envelopes, marked inferred and why.
    const logouts = (
      await drainQueue(stack.endpoints.sqs.subscribers.logouts?.queueUrl ?? '', stack.sqs)
    )
      .map((message) => JSON.parse(message.Body ?? '{}'))
      .filter((envelope) => envelope.data?.inferred === true);
    expect(logouts.map((envelope) => envelope.eventId).sort()).toEqual([...outcome.closed].sort());
    expect(logouts.find((envelope) => envelope.agentLoginId === '96001')).toMatchObject({
      kind: 'agent.logout',
      occurredAt: ago(3000).toISOString(),
      data: { inferred: true, inferredReason: 'reconciled' },
      transport: { encoding: 'none' },
    });

    // Run again: nothing left to close; the tokens were kept (one of each for both runs).
    const again = (await stack.reconcile()) as ReconcileOutcome;
    expect(again.closed).toEqual([]);
    expect(requestCounts(fake)).toMatchObject({ platformTokens: 1, exchanges: 1 });
    expect(requestCounts(fake, RECONCILED).lists).toBe(2);

    // The real LOGOUT comes after all: it wins. A newer event of the other: the inference was
    // wrong, and the session is open again.
    await sendAndStore(stack, [gone.logout(ago(2900)), wrong.move(ago(5), 'AVAILABLE')]);
    const loggedOut = await storedSession(stack, '96001');
    expect(loggedOut).toMatchObject({ status: 'LOGGED_OUT', logoutAt: ago(2900).toISOString() });
    expect(loggedOut).not.toHaveProperty('logoutInferred');
    const reopened = await storedSession(stack, '96002');
    expect(reopened).toMatchObject({ status: 'LOGGED_IN', presence: 'LOGGED_IN' });
    expect(reopened).not.toHaveProperty('logoutInferred');
    expect(reopened).not.toHaveProperty('logoutAt');
  });
});
