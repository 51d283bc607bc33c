import { type Activity, agentActivityOf } from '../states/activity';
import { SESSION_STATUS } from './session-update';
import { type Clock, isStale } from './staleness';
import type { StoredSession } from './stored-session';

/**
 * What an agent is doing now, from their session, as the agents API lists it:
 * - `activity` from the state and aux state (`states/activity.ts`): `logged-out` once the
 *   session's LOGOUT is stored (or its last state is LOGOUT), `logging-in` while no state event
 *   is stored yet;
 * - `state`, `auxState` and `since`: the newest state event's; `LOGIN` since the login (else
 *   the last event) while logging in; `LOGOUT` since the logout once logged out;
 * - `secondsInState`: whole seconds from `since` to the clock's `now` (0 for a `since` ahead of
 *   the clock);
 * - `stale`: no LOGOUT and no event for the clock's `staleAfterHours` (`staleness.ts`).
 */
export interface AgentStatus {
  readonly agentLoginId: string;
  readonly accountId: string;
  readonly agentId: string;
  readonly username?: string;
  readonly status: string;
  readonly state: string;
  readonly auxState?: string;
  readonly activity: Activity;
  readonly since: string;
  readonly secondsInState: number;
  readonly currentCallId?: string;
  readonly loginAt?: string;
  readonly logoutAt?: string;
  /** `stale` or `reconciled` when the stack closed the session without its LOGOUT. */
  readonly logoutInferred?: string;
  readonly lastEventAt: string;
  readonly stale: boolean;
}

export function agentStatusOf(session: StoredSession, clock: Clock): AgentStatus {
  const loggedOut = session.status === SESSION_STATUS.loggedOut;
  const activity = agentActivityOf({ ...session, loggedOut });
  const { state, auxState, since } = loggedOut
    ? { state: 'LOGOUT', auxState: undefined, since: session.logoutAt ?? session.lastEventAt }
    : session.currentState === undefined
      ? { state: 'LOGIN', auxState: undefined, since: session.loginAt ?? session.lastEventAt }
      : {
          state: session.currentState,
          auxState: session.currentAuxState,
          since: session.stateSince ?? session.lastEventAt,
        };
  const seconds = Math.floor((Date.parse(clock.now) - Date.parse(since)) / 1000);
  return {
    agentLoginId: session.agentLoginId,
    accountId: session.accountId,
    agentId: session.agentId,
    ...optional('username', session.username),
    status: session.status,
    state,
    ...optional('auxState', auxState),
    activity,
    since,
    secondsInState: Math.max(0, seconds),
    ...optional('currentCallId', loggedOut ? undefined : session.currentCallId),
    ...optional('loginAt', session.loginAt),
    ...optional('logoutAt', session.logoutAt),
    ...optional('logoutInferred', session.logoutInferred),
    lastEventAt: session.lastEventAt,
    stale: isStale(session, clock),
  };
}

function optional<K extends string>(name: K, value: string | undefined) {
  return (value === undefined ? {} : { [name]: value }) as Partial<Record<K, string>>;
}
