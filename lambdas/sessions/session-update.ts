import { comparableState } from '../events/base-states';
import type { EnvelopeOf } from '../events/envelope';
import { orderKey } from '../events/order-key';
import { definedOnly, type Item, type ItemValue, textOf } from '../items/item';
import { nonEmpty } from '../states/timeline';

export type SessionEvent = EnvelopeOf<'agent.login' | 'agent.logout' | 'agent.state'>;

export const SESSION_STATUS = { loggedIn: 'LOGGED_IN', loggedOut: 'LOGGED_OUT' } as const;

/**
 * `presence`, the partition of the sessions' `byPresence` index: `LOGGED_IN` while the session
 * is open, `LOGGED_OUT#<UTC day of the logout>` once its LOGOUT is stored. Like `status` it
 * changes only at the session's creation and at its LOGOUT, so the index entry is written about
 * twice per session, never by state events; the day keeps each logged-out partition to one
 * day's logouts.
 */
export const LOGGED_IN_PRESENCE = SESSION_STATUS.loggedIn;

export function loggedOutPresence(logoutAt: string): string {
  return `${SESSION_STATUS.loggedOut}#${logoutAt.slice(0, 10)}`;
}

/** What a session starts as, filled where absent, until its LOGOUT's group sets both. */
const LOGGED_IN_FILLS = { status: SESSION_STATUS.loggedIn, presence: LOGGED_IN_PRESENCE } as const;

/**
 * Attributes that one event owns together. The group is written only while the event is newer
 * than the one that wrote it last: `marker` holds that event's order key. Attributes of the group
 * the event does not carry are removed, so the group always shows exactly one event.
 */
export interface GuardedGroup {
  readonly marker: string;
  /** Order key of the event the group comes from; the marker holds it once written. */
  readonly key: string;
  readonly set: Item;
  readonly remove: readonly string[];
  /** What the item must hold besides the marker's order for the group to be written. */
  readonly requires?: readonly Requirement[];
}

/**
 * A condition on another attribute of the item: `absent`, `present`, or `before` (absent, or an
 * order key older than the group's own key, by the same rule as a marker).
 */
export interface Requirement {
  readonly attribute: string;
  readonly is: 'absent' | 'present' | 'before';
}

/**
 * What one event (or several, merged) changes on its session item: guarded groups (last writer
 * wins per group) and attributes that are only filled when absent (identity, which is the same
 * in every event of a login session, and the initial status).
 */
export interface SessionUpdate {
  readonly agentLoginId: string;
  readonly groups: readonly GuardedGroup[];
  readonly fillIfAbsent: Item;
}

/** The session item as one write found it, and as that write left it. */
export interface SessionWrite {
  readonly before: Item;
  readonly after: Item;
}

export type KeyComparison = '<' | '<=' | '>' | '>=';

/**
 * The order rule of a guarded group, in one place: the group may be written while its marker
 * is absent or `marker ${GROUP_WRITABLE_WHILE_MARKER_IS} key`, i.e. the event that wrote it last
 * is older than this one. `remainingUpdate` applies it to an item, and the sessions table writes
 * it into the condition of its UpdateItem: the two must agree, or a write would keep failing a
 * condition the item seemed to allow.
 */
export const GROUP_WRITABLE_WHILE_MARKER_IS: KeyComparison = '<';

const COMPARISONS: Readonly<Record<KeyComparison, (marker: string, key: string) => boolean>> = {
  '<': (marker, key) => marker < key,
  '<=': (marker, key) => marker <= key,
  '>': (marker, key) => marker > key,
  '>=': (marker, key) => marker >= key,
};

/** The order rule on a marker as read from an item. */
export function isGroupWritable(marker: string | undefined, key: string): boolean {
  return marker === undefined || COMPARISONS[GROUP_WRITABLE_WHILE_MARKER_IS](marker, key);
}

/** Whether `group` may be written over `item`: its marker's order and every requirement. */
export function isGroupWritableOver(group: GuardedGroup, item: Item): boolean {
  if (!isGroupWritable(textOf(item, group.marker), group.key)) return false;
  return (group.requires ?? []).every(({ attribute, is }) => {
    const held = item[attribute];
    if (is === 'absent') return held === undefined;
    if (is === 'present') return held !== undefined;
    return isGroupWritable(textOf(item, attribute), group.key);
  });
}

/** Order-key markers, one per group; internal to convergence (see docs/tables.md). */
export const SESSION_MARKERS = {
  login: 'loginKey',
  logout: 'logoutKey',
  state: 'stateKey',
  lastEvent: 'lastEventKey',
  /** The newest inferred logout while it stands (absent once a real event or LOGOUT overrides it). */
  inferredLogout: 'inferredLogoutKey',
} as const;

/** Why the session was closed without its LOGOUT, while it stays closed that way. */
export const LOGOUT_INFERRED = 'logoutInferred';

/**
 * When RingCX's agent list first missed the open session: written by reconciliation alone (a
 * session is closed only when a later list misses it too), removed by it when a list shows the
 * session again and by any inferred logout that closes the session.
 */
export const RECONCILE_MISSED_AT = 'reconcileMissedAt';

/**
 * The inferred-logout rules (docs/tables.md): a real LOGOUT always wins over an inferred one; an
 * inferred logout closes the session only while no real event newer than it is stored; a real
 * event newer than the inferred logout that closed the session reopens it. So the session's
 * state depends only on the set of events: a real LOGOUT if any, else closed by the newest
 * inferred logout when it is newer than every real event, else open.
 */
function inferredLogoutGroup(event: SessionEvent, key: string, reason: string): GuardedGroup {
  return {
    ...group(SESSION_MARKERS.inferredLogout, key, {
      logoutAt: event.occurredAt,
      logoutDuration: undefined,
      [LOGOUT_INFERRED]: reason,
      [RECONCILE_MISSED_AT]: undefined,
      status: SESSION_STATUS.loggedOut,
      presence: loggedOutPresence(event.occurredAt),
    }),
    // The last event present as well: an item TTL-deleted between the sweep's read and this
    // write must not come back as a session without its events.
    requires: [
      { attribute: SESSION_MARKERS.logout, is: 'absent' },
      { attribute: SESSION_MARKERS.lastEvent, is: 'present' },
      { attribute: SESSION_MARKERS.lastEvent, is: 'before' },
    ],
  };
}

/** A real event's part in the rules above: it reopens a session an older inference closed. */
function reopenGroup(key: string): GuardedGroup {
  return {
    marker: SESSION_MARKERS.inferredLogout,
    key,
    set: LOGGED_IN_FILLS,
    remove: ['logoutAt', LOGOUT_INFERRED, SESSION_MARKERS.inferredLogout],
    requires: [{ attribute: LOGOUT_INFERRED, is: 'present' }],
  };
}

/** What a real LOGOUT removes besides its own group: any inferred logout. */
const INFERRED_LOGOUT_CLEARED = {
  [LOGOUT_INFERRED]: undefined,
  [SESSION_MARKERS.inferredLogout]: undefined,
} as const;

export function sessionUpdateOf(event: SessionEvent): SessionUpdate {
  const key = orderKey(event);
  const lastEvent = group(SESSION_MARKERS.lastEvent, key, {
    lastEventAt: event.occurredAt,
    lastEventId: event.eventId,
  });
  const identity = identityOf(event);
  switch (event.kind) {
    case 'agent.login':
      return {
        agentLoginId: event.agentLoginId,
        groups: [
          group(SESSION_MARKERS.login, key, {
            loginAt: event.occurredAt,
            loginDuration: event.data.duration,
          }),
          lastEvent,
          reopenGroup(key),
        ],
        fillIfAbsent: { ...identity, ...LOGGED_IN_FILLS },
      };
    case 'agent.logout':
      if (event.data.inferred === true) {
        // Not an event of the session: it moves neither the last event nor the timeline, and
        // it never creates a session (no fills: the session it closes has its identity).
        return {
          agentLoginId: event.agentLoginId,
          groups: [inferredLogoutGroup(event, key, event.data.inferredReason)],
          fillIfAbsent: {},
        };
      }
      return {
        agentLoginId: event.agentLoginId,
        groups: [
          group(SESSION_MARKERS.logout, key, {
            logoutAt: event.occurredAt,
            logoutDuration: event.data.duration,
            status: SESSION_STATUS.loggedOut,
            presence: loggedOutPresence(event.occurredAt),
            ...INFERRED_LOGOUT_CLEARED,
          }),
          lastEvent,
        ],
        fillIfAbsent: identity,
      };
    case 'agent.state':
      return {
        agentLoginId: event.agentLoginId,
        groups: [
          group(SESSION_MARKERS.state, key, {
            currentState: event.data.state,
            currentAuxState: nonEmpty(event.data.auxState),
            stateSince: event.occurredAt,
            currentCallId:
              comparableState(event.data.state) === 'ENGAGED' ? event.callId : undefined,
          }),
          lastEvent,
          reopenGroup(key),
        ],
        fillIfAbsent: { ...identity, ...LOGGED_IN_FILLS },
      };
  }
}

/**
 * What is left of `update` once the item already holds `current` (the item a conditional write
 * met): groups whose marker is not older than the event, and filled attributes already present,
 * are done. Undefined when nothing is left: the event is stale or a duplicate.
 */
export function remainingUpdate(update: SessionUpdate, current: Item): SessionUpdate | undefined {
  const groups = update.groups.filter((candidate) => isGroupWritableOver(candidate, current));
  // A group always wins over a fill (a reopening sets the status a fill would).
  const owned = ownedBy(groups);
  const fillIfAbsent = Object.fromEntries(
    Object.entries(update.fillIfAbsent).filter(
      ([name]) => current[name] === undefined && !owned.has(name),
    ),
  );
  if (groups.length === 0 && Object.keys(fillIfAbsent).length === 0) return undefined;
  return { ...update, groups, fillIfAbsent };
}

/**
 * One update with the effect of applying `a` and `b` one after the other, in either order: per
 * group the newer event's values (the older one would find itself stale), and the filled
 * attributes of both except those a group sets or removes (a group always wins over a fill).
 */
export function mergeSessionUpdates(a: SessionUpdate, b: SessionUpdate): SessionUpdate {
  if (a.agentLoginId !== b.agentLoginId) {
    throw new Error(`cannot merge updates of sessions ${a.agentLoginId} and ${b.agentLoginId}`);
  }
  const groups = new Map<string, GuardedGroup>();
  for (const candidate of [...a.groups, ...b.groups]) {
    const held = groups.get(candidate.marker);
    if (held === undefined || held.key < candidate.key) groups.set(candidate.marker, candidate);
  }
  // After a real LOGOUT no inferred logout or reopening has anything left to do.
  if (groups.has(SESSION_MARKERS.logout)) groups.delete(SESSION_MARKERS.inferredLogout);
  // Groups with requirements may find nothing to do: their fills are dropped only once they
  // are known to be written (remainingUpdate).
  const owned = ownedBy([...groups.values()].filter((owner) => owner.requires === undefined));
  const fillIfAbsent = Object.fromEntries(
    Object.entries({ ...b.fillIfAbsent, ...a.fillIfAbsent }).filter(([name]) => !owned.has(name)),
  );
  return { agentLoginId: a.agentLoginId, groups: [...groups.values()], fillIfAbsent };
}

/**
 * When the newest event of the session happened once `update` is written over `current`: the
 * update's own last event when it still moves that group, else the item's.
 */
export function lastEventAtAfter(update: SessionUpdate, current: Item): string | undefined {
  const lastEvent = update.groups.find(
    (candidate) => candidate.marker === SESSION_MARKERS.lastEvent,
  );
  const eventAt = lastEvent?.set.lastEventAt;
  return typeof eventAt === 'string' ? eventAt : textOf(current, 'lastEventAt');
}

/** The logout's order key once the session has one: the end of the agent's last span. */
export function logoutKeyOf(session: Item): string | undefined {
  return textOf(session, SESSION_MARKERS.logout);
}

/** The attributes the groups set or remove. */
function ownedBy(groups: readonly GuardedGroup[]): Set<string> {
  return new Set(groups.flatMap((owner) => [...Object.keys(owner.set), ...owner.remove]));
}

function group(
  marker: string,
  key: string,
  values: Readonly<Record<string, ItemValue | undefined>>,
): GuardedGroup {
  const set = definedOnly({ ...values, [marker]: key });
  const remove = Object.keys(values).filter((name) => values[name] === undefined);
  return { marker, key, set, remove };
}

function identityOf(event: SessionEvent): Item {
  const { data } = event;
  return definedOnly({
    accountId: event.accountId,
    agentId: event.agentId,
    agentKey: `${event.accountId}#${event.agentId}`,
    externalAgentId: data.externalAgentId,
    username: data.username,
    agentPhone: data.agentPhone,
    sourceIp: data.sourceIp,
  });
}
