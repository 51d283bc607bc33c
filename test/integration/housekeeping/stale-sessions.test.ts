/**
 * Stale sessions closed by the housekeeping sweep on a local stack: the sweep's use case with
 * its real adapters (the byPresence index on DynamoDB Local, the events topic on the emulator)
 * and a clock the test sets; the inferred logouts reach the real store through the topic, and
 * the real read function shows the result.
 */
import { DeleteItemCommand } from '@aws-sdk/client-dynamodb';
import type { LocalStack } from '../../../bin/local/stack';
import { openSessions } from '../../../lambdas/housekeeping/open-sessions';
import { sweepStaleSessions } from '../../../lambdas/housekeeping/sweep';
import { eventMessage } from '../../../lambdas/platform/event-message';
import { publish } from '../../../lambdas/platform/publish';
import { staleLogouts } from '../../../lambdas/sessions/inferred-logout';
import { LiveAgent, secondsBeforeNow } from '../../support/live-agents';
import {
  expectLoggedOutAt,
  expectOpen,
  sendAndStore,
  startTestStack,
  storedSession,
  waitUntilDrained,
} from '../../support/local-stack';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack.stop());

const ACCOUNT = 'acct-sweep';
const HOUR_S = 3600;

/** One sweep as the scheduled function runs it, at `now`. */
function sweepAt(now: Date) {
  return sweepStaleSessions(
    {
      openSessions: () => openSessions(stack.dynamodb, stack.endpoints.dynamodb.tables.sessions),
      publish: (events) =>
        publish(stack.sns, stack.endpoints.sns.eventsTopicArn, events.map(eventMessage)),
    },
    { now: now.toISOString(), staleAfterHours: 12 },
  );
}

async function agents(query = '') {
  const response = await fetch(`${stack.endpoints.apiUrl}/v1/agents?accountId=${ACCOUNT}${query}`, {
    headers: { authorization: `Bearer ${stack.endpoints.readToken}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { agents: Record<string, unknown>[] }).agents;
}

describe('the housekeeping sweep', () => {
  it('closes stale sessions with an inferred logout that a real LOGOUT overrides and a newer event undoes', async () => {
    const ago = secondsBeforeNow();
    const forgot = new LiveAgent({ accountId: ACCOUNT, agentId: '5001', agentLoginId: '95001' });
    const dropped = new LiveAgent({ accountId: ACCOUNT, agentId: '5002', agentLoginId: '95002' });
    const working = new LiveAgent({ accountId: ACCOUNT, agentId: '5003', agentLoginId: '95003' });
    await sendAndStore(stack, [
      forgot.login(ago(120)),
      forgot.move(ago(120), 'AVAILABLE'),
      dropped.login(ago(120)),
      dropped.move(ago(60), 'ENGAGED', '', 'call-never-ended'),
      working.login(ago(0)),
      working.move(ago(0), 'AVAILABLE'),
    ]);
    // The clock 30 s short of 12 hours after the last events: the two older sessions are stale.
    const clock = new Date(ago(0).getTime() + 12 * HOUR_S * 1000 - 30_000);

    const open = () => openSessions(stack.dynamodb, stack.endpoints.dynamodb.tables.sessions);
    const inferred = staleLogouts(await open(), { now: clock.toISOString(), staleAfterHours: 12 });
    const swept = await sweepAt(clock);
    expect(swept.closed).toEqual(inferred.map((logout) => logout.eventId));
    expect(inferred.map((logout) => logout.agentLoginId).sort()).toEqual(['95001', '95002']);
    await waitUntilDrained(stack);
    expect(await storedSession(stack, '95001')).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'stale',
      logoutAt: ago(120).toISOString(),
      presence: `LOGGED_OUT#${ago(120).toISOString().slice(0, 10)}`,
      currentState: 'AVAILABLE',
    });
    const engaged = await storedSession(stack, '95002');
    expect(engaged).toMatchObject({ status: 'LOGGED_OUT', logoutAt: ago(60).toISOString() });
    // Inferred closings invent no call: the engagement never ended.
    const call = await fetch(`${stack.endpoints.apiUrl}/v1/calls/call-never-ended`, {
      headers: { authorization: `Bearer ${stack.endpoints.readToken}` },
    });
    expect(call.status).toBe(404);
    // The board lists only the working agent, stale ones included or not; the closed ones are
    // logged out, and say why.
    expect((await agents()).map((row) => row.agentId)).toEqual(['5003']);
    expect((await agents('&includeStale=true')).map((row) => row.agentId)).toEqual(['5003']);
    expect(
      (await agents('&includeLoggedOut=true')).map((row) => [
        row.agentId,
        row.activity,
        row.logoutInferred,
      ]),
    ).toEqual([
      ['5001', 'logged-out', 'stale'],
      ['5002', 'logged-out', 'stale'],
      ['5003', 'available', undefined],
    ]);

    // Swept again: the open session is not stale yet, the closed ones are no longer listed.
    expect((await sweepAt(clock)).closed).toEqual([]);
    // Published again (a retried run): the same events, which change nothing.
    const before = await storedSession(stack, '95001');
    await publish(stack.sns, stack.endpoints.sns.eventsTopicArn, inferred.map(eventMessage));
    await waitUntilDrained(stack);
    expect(await storedSession(stack, '95001')).toEqual(before);

    // The real LOGOUT arrives after the inferred one: it wins.
    // A newer event of the other agent: the inference was wrong, the session is open again.
    await sendAndStore(stack, [forgot.logout(ago(30)), dropped.move(ago(5), 'AVAILABLE')]);
    await expectLoggedOutAt(stack, '95001', ago(30));
    await expectOpen(stack, '95002');
    expect((await agents()).map((row) => row.agentId)).toEqual(['5002', '5003']);
  });

  it('lets a real LOGOUT older than the last event win over the inference, and ignores an inference that meets a newer event or no session at all', async () => {
    const ago = secondsBeforeNow();
    const olderLogout = new LiveAgent({
      accountId: ACCOUNT,
      agentId: '5101',
      agentLoginId: '95101',
    });
    const movedOn = new LiveAgent({ accountId: ACCOUNT, agentId: '5102', agentLoginId: '95102' });
    const expired = new LiveAgent({ accountId: ACCOUNT, agentId: '5103', agentLoginId: '95103' });
    await sendAndStore(stack, [
      olderLogout.login(ago(600)),
      olderLogout.move(ago(300), 'AVAILABLE'),
      movedOn.login(ago(600)),
      expired.login(ago(600)),
    ]);
    const clock = {
      now: new Date(ago(0).getTime() + 13 * HOUR_S * 1000).toISOString(),
      staleAfterHours: 12,
    };
    const inferred = staleLogouts(
      (await openSessions(stack.dynamodb, stack.endpoints.dynamodb.tables.sessions)).filter(
        (session) => ['95101', '95102', '95103'].includes(session.agentLoginId),
      ),
      clock,
    );
    expect(inferred).toHaveLength(3);
    // Between the sweep's read and the store's write: a newer event of one session, and the
    // other's item gone (its TTL ran out).
    await sendAndStore(stack, [movedOn.move(ago(30), 'AVAILABLE')]);
    await stack.dynamodb.send(
      new DeleteItemCommand({
        TableName: stack.endpoints.dynamodb.tables.sessions,
        Key: { agentLoginId: { S: '95103' } },
      }),
    );
    await publish(stack.sns, stack.endpoints.sns.eventsTopicArn, inferred.map(eventMessage));
    await waitUntilDrained(stack);

    expect(await storedSession(stack, '95101')).toMatchObject({
      status: 'LOGGED_OUT',
      logoutInferred: 'stale',
    });
    await expectOpen(stack, '95102');
    // No session without its events comes back.
    expect(await storedSession(stack, '95103')).toEqual({});

    // The real LOGOUT comes after the inference, dated before the session's last event: it wins.
    await sendAndStore(stack, [olderLogout.logout(ago(400))]);
    await expectLoggedOutAt(stack, '95101', ago(400));
  });
});
