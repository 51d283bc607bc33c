import { agentStatusOf } from '../../../lambdas/sessions/agent-status';
import type { StoredSession } from '../../../lambdas/sessions/stored-session';

const NOW = '2026-05-01T12:00:00.000Z';
const clock = { now: NOW, staleAfterHours: 12 };

const session = (fields: Partial<StoredSession> = {}): StoredSession => ({
  agentLoginId: '612829048',
  accountId: '15300002',
  agentId: '1369310',
  status: 'LOGGED_IN',
  loginAt: '2026-05-01T08:00:00.000Z',
  lastEventAt: '2026-05-01T11:59:00.000Z',
  ...fields,
});

describe('agentStatusOf: an agent now, from the session', () => {
  it('is the newest state with its aux state, since that state event, time counted to now', () => {
    const status = agentStatusOf(
      session({
        username: 'agent@example.test',
        currentState: 'ENGAGED',
        stateSince: '2026-05-01T11:58:30.000Z',
        currentCallId: 'call-1',
      }),
      clock,
    );
    expect(status).toEqual({
      agentLoginId: '612829048',
      accountId: '15300002',
      agentId: '1369310',
      username: 'agent@example.test',
      status: 'LOGGED_IN',
      state: 'ENGAGED',
      activity: 'talking',
      since: '2026-05-01T11:58:30.000Z',
      secondsInState: 90,
      currentCallId: 'call-1',
      loginAt: '2026-05-01T08:00:00.000Z',
      lastEventAt: '2026-05-01T11:59:00.000Z',
      stale: false,
    });
  });

  it('combines state and aux state into the activity, as the store does', () => {
    const of = (currentState: string, currentAuxState?: string) =>
      agentStatusOf(
        session({ currentState, currentAuxState, stateSince: '2026-05-01T11:00:00.000Z' }),
        clock,
      );
    expect(of('ENGAGED', 'RINGING').activity).toBe('ringing');
    expect(of('available', 'Wrap-Up')).toMatchObject({
      activity: 'after-call-work',
      state: 'available',
      auxState: 'Wrap-Up',
    });
    expect(of('Meeting').activity).toBe('away');
    expect(of('TRANSITION').activity).toBe('reserved');
  });

  it('is logging in since the login while no state event is stored', () => {
    expect(
      agentStatusOf(session({ lastEventAt: '2026-05-01T08:00:00.000Z' }), clock),
    ).toMatchObject({ state: 'LOGIN', activity: 'logging-in', since: '2026-05-01T08:00:00.000Z' });
  });

  it('is logged out since the logout, without the call it was last on', () => {
    const status = agentStatusOf(
      session({
        status: 'LOGGED_OUT',
        currentState: 'ENGAGED',
        currentCallId: 'call-1',
        stateSince: '2026-05-01T11:00:00.000Z',
        logoutAt: '2026-05-01T11:30:00.000Z',
      }),
      clock,
    );
    expect(status).toMatchObject({
      state: 'LOGOUT',
      activity: 'logged-out',
      since: '2026-05-01T11:30:00.000Z',
      secondsInState: 1800,
      logoutAt: '2026-05-01T11:30:00.000Z',
      stale: false,
    });
    expect(status).not.toHaveProperty('currentCallId');
  });

  it('is stale after STALE_AFTER_HOURS without an event and no LOGOUT (a missed LOGOUT)', () => {
    const quiet = session({
      currentState: 'AVAILABLE',
      stateSince: '2026-04-30T23:00:00.000Z',
      lastEventAt: '2026-04-30T23:00:00.000Z',
    });
    expect(agentStatusOf(quiet, clock).stale).toBe(true);
    expect(agentStatusOf(quiet, { ...clock, staleAfterHours: 24 }).stale).toBe(false);
  });

  it('never counts negative time in state (a sender clock ahead of ours)', () => {
    const ahead = session({ currentState: 'AVAILABLE', stateSince: '2026-05-01T12:00:05.000Z' });
    expect(agentStatusOf(ahead, clock).secondsInState).toBe(0);
  });
});
