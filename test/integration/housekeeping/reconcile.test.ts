/**
 * Reconciliation with RingCX's real-time agent list on a local stack: a first run through the
 * real housekeeping handler (input `{"task":"reconcile"}`, the RingCX credentials from
 * RINGCX_CREDENTIALS pointing at a local fake of RingCentral and RingCX), then runs of the same
 * use case with the same adapters at times the test sets. The open sessions and their marks live
 * in DynamoDB Local, the inferred logouts go to the events topic on the emulator, through the
 * real store, and to a subscriber's queue.
 */
import type { LocalStack } from '../../../bin/local/stack';
import { openSessions } from '../../../lambdas/housekeeping/open-sessions';
import { type ReconcileOutcome, reconcileSessions } from '../../../lambdas/housekeeping/reconcile';
import { ReconcileMarks } from '../../../lambdas/platform/dynamodb/reconcile-marks';
import { eventMessage } from '../../../lambdas/platform/event-message';
import { publish } from '../../../lambdas/platform/publish';
import { RingCxAgentLists } from '../../../lambdas/platform/ringcx/agent-lists';
import { type FakeRingCx, requestCounts, startFakeRingCx } from '../../support/fake-ringcx';
import { LiveAgent, secondsBeforeNow } from '../../support/live-agents';
import {
  expectLoggedOutAt,
  expectOpen,
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

/**
 * The reconciliation use case with the handler's adapters, its RingCX lists asked for and its
 * runs timed by a clock the test moves.
 */
function reconcilerAt(startMs: number) {
  const clock = { ms: startMs };
  const tables = stack.endpoints.dynamodb.tables;
  const lists = new RingCxAgentLists(fake.credentials([RECONCILED, FAILING]), {
    now: () => clock.ms,
  });
  const marks = new ReconcileMarks(stack.dynamodb, tables.sessions);
  const run = () =>
    reconcileSessions(
      {
        openSessions: () => openSessions(stack.dynamodb, tables.sessions),
        publish: (events) =>
          publish(stack.sns, stack.endpoints.sns.eventsTopicArn, events.map(eventMessage)),
        agentLists: () => lists.lists(),
        markMissed: (misses) => marks.mark(misses),
        unmarkMissed: (agentLoginIds) => marks.unmark(agentLoginIds),
      },
      { now: new Date(clock.ms).toISOString(), staleAfterHours: 12 },
    );
  return { clock, run };
}

const MINUTE_MS = 60_000;

describe('reconciliation with RingCX real-time agent list', () => {
  it('closes the sessions RingCX misses in two lists in a row with a reconciled inferred logout, and nothing it cannot vouch for', async () => {
    const ago = secondsBeforeNow();
    const gone = agent(RECONCILED, '6001', '96001');
    const wrong = agent(RECONCILED, '6002', '96002');
    const listed = agent(RECONCILED, '6003', '96003');
    const racing = agent(RECONCILED, '6004', '96004');
    const unanswered = agent(FAILING, '6005', '96005');
    const elsewhere = agent(OTHER, '6006', '96006');
    const returning = agent(RECONCILED, '6007', '96007');
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
      returning.login(ago(3600)),
    ]);
    fake.lists.set(RECONCILED, [{ agentLoginId: 96003, agentId: 6003 }]);
    fake.lists.set(FAILING, { status: 503 });

    // The first run, through the handler: a first miss only marks the session.
    const first = (await stack.reconcile()) as ReconcileOutcome;
    expect(first.closed).toEqual([]);
    expect([...first.firstMisses].sort()).toEqual(['96001', '96002', '96007']);
    expect(first.reconciled).toEqual([RECONCILED]);
    expect(first.skipped).toEqual([{ accountId: FAILING, reason: 'agent list answered 503' }]);
    for (const marked of ['96001', '96002', '96007']) {
      expect(await storedSession(stack, marked)).toMatchObject({
        status: 'LOGGED_IN',
        reconcileMissedAt: expect.any(String),
      });
    }
    for (const unmarked of ['96003', '96004', '96005', '96006']) {
      expect(await storedSession(stack, unmarked)).not.toHaveProperty('reconcileMissedAt');
    }

    // 15 minutes later, the list shows the returning agent again: it loses its mark; the two
    // missed again are closed.
    fake.requests.clear();
    fake.lists.set(RECONCILED, [
      { agentLoginId: 96003, agentId: 6003 },
      { agentLoginId: 96007, agentId: 6007 },
    ]);
    const reconciler = reconcilerAt(ago(0).getTime() + 15 * MINUTE_MS);
    const second = await reconciler.run();
    expect(second.closed).toHaveLength(2);
    // The racing login is past the safety margin now: missed for the first time.
    expect(second.firstMisses).toEqual(['96004']);
    await waitUntilDrained(stack);

    expect(await storedSession(stack, '96001')).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'reconciled',
      logoutAt: ago(3000).toISOString(),
      currentState: 'AVAILABLE',
    });
    const closed = await storedSession(stack, '96002');
    expect(closed).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'reconciled',
      logoutAt: ago(2400).toISOString(),
    });
    // Closing removes the mark: a reopened session starts over.
    expect(closed).not.toHaveProperty('reconcileMissedAt');
    const back = await storedSession(stack, '96007');
    expect(back).toMatchObject({ status: 'LOGGED_IN' });
    expect(back).not.toHaveProperty('reconcileMissedAt');
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
    expect(logouts.map((envelope) => envelope.eventId).sort()).toEqual([...second.closed].sort());
    expect(logouts.find((envelope) => envelope.agentLoginId === '96001')).toMatchObject({
      kind: 'agent.logout',
      occurredAt: ago(3000).toISOString(),
      data: { inferred: true, inferredReason: 'reconciled' },
      transport: { encoding: 'none' },
    });

    // A minute later: nothing new to close; the tokens were kept (one of each for both runs).
    reconciler.clock.ms += MINUTE_MS;
    expect((await reconciler.run()).closed).toEqual([]);
    expect(requestCounts(fake)).toMatchObject({ platformTokens: 1, exchanges: 1 });
    expect(requestCounts(fake, RECONCILED).lists).toBe(2);

    // The real LOGOUTs come after all: they win, even one dated before the session's last
    // event. A newer event of the other: the inference was wrong, and the session is open again.
    await sendAndStore(stack, [gone.logout(ago(3100)), wrong.move(ago(5), 'AVAILABLE')]);
    await expectLoggedOutAt(stack, '96001', ago(3100));
    await expectOpen(stack, '96002');
  });

  it('closes nothing of an account whose list shows none of its open sessions, an empty list included', async () => {
    const ago = secondsBeforeNow();
    const one = agent(RECONCILED, '6101', '96101');
    await sendAndStore(stack, [one.login(ago(3600))]);
    const reconciler = reconcilerAt(ago(0).getTime());
    for (const list of [[], [{ agentLoginId: 8800001, agentId: 6101 }]]) {
      fake.lists.set(RECONCILED, list);
      for (let run = 0; run < 2; run++) {
        reconciler.clock.ms += 15 * MINUTE_MS;
        const outcome = await reconciler.run();
        expect(outcome.closed).toEqual([]);
        expect(outcome.skipped).toContainEqual({
          accountId: RECONCILED,
          reason: 'the list shows none of the agentLoginIds of its open sessions',
        });
      }
    }
    await waitUntilDrained(stack);
    const session = await storedSession(stack, '96101');
    expect(session).toMatchObject({ status: 'LOGGED_IN' });
    expect(session).not.toHaveProperty('reconcileMissedAt');
  });
});
