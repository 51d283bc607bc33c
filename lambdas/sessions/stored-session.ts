import { type Item, textOf } from '../items/item';
import type { SessionTimes } from './staleness';

/** What the read side reads of a session item (docs/tables.md, sessions). */
export interface StoredSession extends SessionTimes {
  readonly agentLoginId: string;
  readonly accountId: string;
  readonly agentId: string;
  readonly username?: string;
  /** `LOGGED_IN`, or `LOGGED_OUT` once a LOGOUT is stored. */
  readonly status: string;
  readonly currentState?: string;
  readonly currentAuxState?: string;
  readonly stateSince?: string;
  readonly currentCallId?: string;
  readonly lastEventId?: string;
  /** `stale` or `reconciled` while an inferred logout has closed the session. */
  readonly logoutInferred?: string;
  /** When RingCX's agent list first missed the open session (reconciliation's mark). */
  readonly reconcileMissedAt?: string;
}

const REQUIRED = ['agentLoginId', 'accountId', 'agentId', 'status', 'lastEventAt'] as const;
const OPTIONAL = [
  'username',
  'loginAt',
  'logoutAt',
  'currentState',
  'currentAuxState',
  'stateSince',
  'currentCallId',
  'lastEventId',
  'logoutInferred',
  'reconcileMissedAt',
] as const;

/** Every attribute `storedSessionOf` reads: a read can ask for these alone. */
export const STORED_SESSION_ATTRIBUTES: readonly string[] = [...REQUIRED, ...OPTIONAL];

/** The session an item holds; an item without one of the attributes every session has is refused. */
export function storedSessionOf(item: Item): StoredSession {
  const session: Record<string, string> = {};
  for (const name of REQUIRED) {
    const value = textOf(item, name);
    if (value === undefined) throw new Error(`stored session item lacks ${name}`);
    session[name] = value;
  }
  for (const name of OPTIONAL) {
    const value = textOf(item, name);
    if (value !== undefined) session[name] = value;
  }
  return session as unknown as StoredSession;
}
