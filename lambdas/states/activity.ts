import { comparableState } from '../events/base-states';

/**
 * What an agent is doing, from a state and its aux state. States and aux states are compared
 * case- and punctuation-blind (`comparableState`: `ON-BREAK` = `ON BREAK` = `on_break`); the
 * first rule that matches decides:
 *
 * | activity | when |
 * |---|---|
 * | `after-call-work` | WORKING, or an after-call-work aux state (`WRAP-UP`, `WRAPUP`, `OFFHOOK WORK`, `OFF HOOK WORK`, `ACW`) whatever the base state |
 * | `ringing` | ENGAGED with a ringing aux state (`RINGING`, `RNA-STATE`) |
 * | `talking` | ENGAGED with any other aux state (or none) |
 * | `available` | AVAILABLE |
 * | `reserved` | TRANSITION (also with a `RINGING` aux: only an ENGAGED agent is ringing) |
 * | `logging-in` | LOGIN |
 * | `logged-out` | LOGOUT |
 * | `away` | any other state (breaks, lunch, training, custom states such as `Meeting`): the aux state or the state is the reason |
 *
 * A session is `logged-out` once its LOGOUT is stored and `logging-in` while no state event is
 * stored yet (`agentActivityOf`). The store's call rules read the same table (`roleOf`): talk is
 * `talking` with a call id, after-call work is `after-call-work`.
 */
export const ACTIVITIES = [
  'talking',
  'ringing',
  'after-call-work',
  'available',
  'reserved',
  'away',
  'logging-in',
  'logged-out',
] as const;

export type Activity = (typeof ACTIVITIES)[number];

/** Compared through `comparableState`, so every spelling of these names matches. */
const AFTER_CALL_WORK_AUX = comparableSet([
  'WRAP-UP',
  'WRAPUP',
  'OFFHOOK WORK',
  'OFF HOOK WORK',
  'ACW',
]);
/** Aux states of an ENGAGED agent who is not talking yet (or never will on this call). */
const RINGING_AUX = comparableSet(['RINGING', 'RNA-STATE']);

const BY_BASE_STATE: ReadonlyMap<string, Activity> = new Map([
  ['WORKING', 'after-call-work'],
  ['AVAILABLE', 'available'],
  ['TRANSITION', 'reserved'],
  ['LOGIN', 'logging-in'],
  ['LOGOUT', 'logged-out'],
]);

export interface StateOf {
  readonly state: string;
  readonly auxState?: string;
}

export function activityOf({ state, auxState }: StateOf): Activity {
  const base = comparableState(state);
  const aux = comparableState(auxState ?? '');
  if (AFTER_CALL_WORK_AUX.has(aux)) return 'after-call-work';
  if (base === 'ENGAGED') return RINGING_AUX.has(aux) ? 'ringing' : 'talking';
  return BY_BASE_STATE.get(base) ?? 'away';
}

/** A state event entering LOGOUT, whatever its aux state: the session ends there. */
export function isLogoutState(state: string): boolean {
  return comparableState(state) === 'LOGOUT';
}

/** The activity of a session as its item shows it (docs/tables.md, sessions). */
export function agentActivityOf(session: {
  readonly loggedOut: boolean;
  readonly currentState?: string;
  readonly currentAuxState?: string;
}): Activity {
  if (session.loggedOut) return 'logged-out';
  if (session.currentState === undefined) return 'logging-in';
  return activityOf({ state: session.currentState, auxState: session.currentAuxState });
}

function comparableSet(names: readonly string[]): ReadonlySet<string> {
  return new Set(names.map(comparableState));
}
