import type { EnvelopeOf } from '../../../lambdas/events';
import { orderKey } from '../../../lambdas/events/order-key';
import {
  remainingUpdate,
  SESSION_MARKERS,
  type SessionEvent,
  sessionUpdateOf,
} from '../../../lambdas/sessions/session-update';
import { envelopeOf } from '../../support/contract';
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
    });
  });

  it('a logout owns the logout fields, including the final status', () => {
    expect(groupOf(logout, SESSION_MARKERS.logout)?.set).toEqual({
      logoutAt: '2020-07-16T19:21:19.000Z',
      logoutDuration: 24,
      status: 'LOGGED_OUT',
      logoutKey: orderKey(logout),
    });
    expect(sessionUpdateOf(logout).fillIfAbsent).not.toHaveProperty('status');
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
