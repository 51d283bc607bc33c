import { comparableState } from './base-states';
import type { EventKind } from './envelope';

/**
 * Same-second order. The sender stamps whole seconds and often emits two state events in one
 * (LOGIN -> AVAILABLE then the "Available" aux update; AVAILABLE -> TRANSITION then
 * TRANSITION -> ENGAGED). Each event gets a key from its own fields only, so any consumer can
 * order events without seeing the others:
 *
 *   sequence = 10 x position(state entered) + (5 if only the aux state changed, prev == state)
 *
 * Positions follow the agent's cycle: LOGIN 1, AVAILABLE 2, TRANSITION 3, ENGAGED 4, WORKING 5,
 * any other base or custom state (breaks, lunch, ...) 6, LOGOUT 7. A login is 0 (before its
 * states), a logout 90 (after them), an end-call 0 (it lives on its own record).
 * Entering a state sorts before that state's aux update, and within one second the agent moves
 * forward through the cycle. The one cycle break is WORKING -> AVAILABLE in the same second as
 * the ENGAGED -> WORKING before it (no after-call work at all); such a pair keeps its true order
 * only by time. Equal keys fall back to the event id, so the order is always total.
 */
const CYCLE_POSITION: Readonly<Record<string, number>> = {
  LOGIN: 1,
  AVAILABLE: 2,
  TRANSITION: 3,
  ENGAGED: 4,
  WORKING: 5,
  LOGOUT: 7,
};
const OTHER_STATE_POSITION = 6;

export const LOGIN_SEQUENCE = 0;
export const LOGOUT_SEQUENCE = 90;
export const CALL_SEQUENCE = 0;

export function stateSequence(prevState: string, state: string): number {
  const entered = comparableState(state);
  const position = CYCLE_POSITION[entered] ?? OTHER_STATE_POSITION;
  const auxOnly = comparableState(prevState) === entered;
  return position * 10 + (auxOnly ? 5 : 0);
}

export function sessionSequence(kind: Exclude<EventKind, 'agent.state'>): number {
  if (kind === 'agent.login') return LOGIN_SEQUENCE;
  if (kind === 'agent.logout') return LOGOUT_SEQUENCE;
  return CALL_SEQUENCE;
}
