import type { StoredSession } from './stored-session';

/**
 * Each agent's **current session** is their newest: the vendor gives every login a new session,
 * and an agent is logged in once at a time, so an older session still open (its LOGOUT was
 * missed) is over once the same agent logs in again. Sessions are ordered by login time (a
 * session whose LOGIN is not stored, by its last event), then by login id.
 */

/** One entry of the sessions' `byPresence` index (docs/tables.md): the keys and projections. */
export interface PresenceEntry {
  readonly agentLoginId: string;
  readonly agentKey: string;
  readonly loginAt?: string;
  readonly logoutAt?: string;
}

/**
 * The entries whose sessions must be read to find each agent's current one: per agent the entry
 * with the latest `loginAt`, and every entry without one (it cannot be placed before it is read).
 * Sessions an agent left open by a missed LOGOUT, then logged in again, are not read at all.
 */
export function entriesWorthReading(entries: readonly PresenceEntry[]): PresenceEntry[] {
  const newestByAgent = new Map<string, PresenceEntry>();
  const unplaced: PresenceEntry[] = [];
  for (const entry of entries) {
    if (entry.loginAt === undefined) {
      unplaced.push(entry);
      continue;
    }
    const held = newestByAgent.get(entry.agentKey);
    if (held === undefined || isNewer(entry, held)) newestByAgent.set(entry.agentKey, entry);
  }
  return [...newestByAgent.values(), ...unplaced];
}

/** Each agent's newest session among `sessions`. */
export function currentSessions(sessions: readonly StoredSession[]): StoredSession[] {
  const newestByAgent = new Map<string, StoredSession>();
  for (const session of sessions) {
    const agentKey = `${session.accountId}#${session.agentId}`;
    const held = newestByAgent.get(agentKey);
    if (held === undefined || isNewer(placed(session), placed(held))) {
      newestByAgent.set(agentKey, session);
    }
  }
  return [...newestByAgent.values()];
}

interface Placed {
  readonly agentLoginId: string;
  readonly loginAt?: string;
}

const placed = (session: StoredSession): Placed => ({
  agentLoginId: session.agentLoginId,
  loginAt: session.loginAt ?? session.lastEventAt,
});

function isNewer(candidate: Placed, held: Placed): boolean {
  const a = candidate.loginAt ?? '';
  const b = held.loginAt ?? '';
  if (a !== b) return a > b;
  return candidate.agentLoginId.localeCompare(held.agentLoginId, 'en', { numeric: true }) > 0;
}
