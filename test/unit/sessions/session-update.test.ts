import fc from 'fast-check';
import type { EnvelopeOf } from '../../../lambdas/events';
import { orderKey } from '../../../lambdas/events/order-key';
import {
  mergeSessionUpdates,
  remainingUpdate,
  SESSION_MARKERS,
  type SessionEvent,
  type SessionUpdate,
  sessionUpdateOf,
} from '../../../lambdas/sessions/session-update';
import { agentDay, envelopesOf } from '../../support/agent-day';
import { envelopeOf } from '../../support/contract';
import { InMemoryTables } from '../../support/in-memory-tables';
import { vendorStateEvents } from '../../support/scenarios';
import { vendorEvent } from '../../support/vendor-fixtures';

const login = envelopeOf(vendorEvent('login')) as EnvelopeOf<'agent.login'>;
const logout = envelopeOf(vendorEvent('logout')) as EnvelopeOf<'agent.logout'>;
const [, , , engaged] = vendorStateEvents() as EnvelopeOf<'agent.state'>[];
const engagedEvent = engaged as EnvelopeOf<'agent.state'>;

const groupOf = (event: SessionEvent, marker: string) =>
  sessionUpdateOf(event).groups.find((group) => group.marker === marker);

describe('sessionUpdateOf', () => {
  it('a login owns the login fields and fills identity and status only where absent', () => {
    const update = sessionUpdateOf(login);
    expect(groupOf(login, SESSION_MARKERS.login)?.key).toBe(orderKey(login));
    expect(groupOf(login, SESSION_MARKERS.login)?.set).toEqual({
      loginAt: '2020-06-25T14:36:49.000Z',
      loginDuration: 0,
      loginKey: orderKey(login),
    });
    expect(update.fillIfAbsent).toEqual({
      accountId: '15300002',
      agentId: '1369310',
      agentKey: '15300002#1369310',
      username: login.data.username,
      agentPhone: '16505550100*1212@RC_SOFTPHONE',
      sourceIp: '192.168.0.100',
      status: 'LOGGED_IN',
      presence: 'LOGGED_IN',
    });
  });

  it('a logout owns the logout fields, including the final status', () => {
    expect(groupOf(logout, SESSION_MARKERS.logout)?.set).toEqual({
      logoutAt: '2020-07-16T19:21:19.000Z',
      logoutDuration: 24,
      status: 'LOGGED_OUT',
      // The byPresence index's partition of that day's logouts.
      presence: 'LOGGED_OUT#2020-07-16',
      logoutKey: orderKey(logout),
    });
    expect(sessionUpdateOf(logout).fillIfAbsent).not.toHaveProperty('status');
    expect(sessionUpdateOf(logout).fillIfAbsent).not.toHaveProperty('presence');
  });

  it('a state event owns the current state; the call id only while ENGAGED', () => {
    expect(groupOf(engagedEvent, SESSION_MARKERS.state)).toEqual({
      marker: 'stateKey',
      key: orderKey(engagedEvent),
      set: {
        currentState: 'ENGAGED',
        stateSince: '2020-06-30T19:44:30.000Z',
        currentCallId: '202008281319380132120000030797',
        stateKey: orderKey(engagedEvent),
      },
      // Absent in this event, so removed: the group always shows exactly one event.
      remove: ['currentAuxState'],
    });
    const [first] = vendorStateEvents() as EnvelopeOf<'agent.state'>[];
    expect(groupOf(first as SessionEvent, SESSION_MARKERS.state)?.remove).toEqual([
      'currentAuxState',
      'currentCallId',
    ]);
  });

  it('every event moves the last-event group', () => {
    expect(groupOf(logout, SESSION_MARKERS.lastEvent)?.set).toEqual({
      lastEventAt: logout.occurredAt,
      lastEventId: logout.eventId,
      lastEventKey: orderKey(logout),
    });
  });
});

describe('remainingUpdate: what is left when the item is newer', () => {
  const update = sessionUpdateOf(login);
  const later = `${'2021'}-01-01T00:00:00.000Z#20#${'f'.repeat(32)}`;

  it('keeps the login fields of a LOGIN that arrives after later events', () => {
    const rest = remainingUpdate(update, {
      lastEventKey: later,
      stateKey: later,
      accountId: '15300002',
      agentId: '1369310',
      agentKey: '15300002#1369310',
      status: 'LOGGED_OUT',
      presence: 'LOGGED_OUT#2021-01-01',
    });
    expect(rest?.groups.map((group) => group.marker)).toEqual(['loginKey']);
    expect(Object.keys(rest?.fillIfAbsent ?? {})).toEqual(['username', 'agentPhone', 'sourceIp']);
  });

  it('is nothing for a duplicate', () => {
    const afterFirst = Object.assign(
      {},
      ...update.groups.map((group) => group.set),
      update.fillIfAbsent,
    );
    expect(remainingUpdate(update, afterFirst)).toBeUndefined();
  });
});

const updateOf = (event: SessionEvent) => sessionUpdateOf(event);

describe('mergeSessionUpdates', () => {
  it('has the effect of applying both updates one after the other, in either order', async () => {
    await fc.assert(
      fc.asyncProperty(agentDay, fc.nat(), fc.nat(), fc.nat(), async (day, first, second, done) => {
        const all = envelopesOf(day).filter(
          (event): event is SessionEvent => event.kind !== 'call.ended',
        );
        const session = (all[first % all.length] as SessionEvent).agentLoginId;
        const events = all.filter((event) => event.agentLoginId === session);
        const a = updateOf(events[first % events.length] as SessionEvent);
        const b = updateOf(events[second % events.length] as SessionEvent);
        const prefix = events.slice(0, done % events.length).map(updateOf);
        const sessionAfter = async (updates: SessionUpdate[]) => {
          const tables = new InMemoryTables();
          for (const update of [...prefix, ...updates]) await tables.sessions.apply(update);
          return tables.sessionItems.get(a.agentLoginId);
        };
        const merged = await sessionAfter([mergeSessionUpdates(a, b)]);
        expect(merged).toEqual(await sessionAfter([a, b]));
        expect(merged).toEqual(await sessionAfter([b, a]));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves out a fill that a group writes: DynamoDB refuses one attribute set twice', () => {
    const [state] = vendorStateEvents() as SessionEvent[];
    const stateUpdate = updateOf(state as SessionEvent);
    const logout = updateOf(envelopeOf(vendorEvent('logout')) as SessionEvent);
    const merged = mergeSessionUpdates(stateUpdate, {
      ...logout,
      agentLoginId: stateUpdate.agentLoginId,
    });
    expect(stateUpdate.fillIfAbsent).toHaveProperty('status', 'LOGGED_IN');
    expect(merged.fillIfAbsent).not.toHaveProperty('status');
    expect(merged.fillIfAbsent).not.toHaveProperty('presence');
    expect(merged.groups.find((group) => group.marker === 'logoutKey')?.set).toHaveProperty(
      'status',
      'LOGGED_OUT',
    );
  });

  it('refuses updates of two different sessions', () => {
    const [login] = vendorStateEvents() as EnvelopeOf<'agent.state'>[];
    const update = updateOf(login as SessionEvent);
    expect(() => mergeSessionUpdates(update, { ...update, agentLoginId: 'other' })).toThrow(
      'cannot merge',
    );
  });
});
