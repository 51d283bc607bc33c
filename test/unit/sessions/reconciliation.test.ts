import { envelopeSchema } from '../../../lambdas/events';
import type { OpenSession } from '../../../lambdas/sessions/inferred-logout';
import {
  type AgentListSnapshot,
  RECONCILE_SAFETY_MARGIN_MINUTES,
  reconciledLogouts,
} from '../../../lambdas/sessions/reconciliation';

const TAKEN_AT = '2026-03-02T15:00:00.000Z';
const clock = { now: '2026-03-02T15:00:05.000Z', staleAfterHours: 12 };
const minutesBefore = (minutes: number) =>
  new Date(Date.parse(TAKEN_AT) - minutes * 60_000).toISOString();

function session(agentLoginId: string, fields: Partial<OpenSession> = {}): OpenSession {
  return {
    agentLoginId,
    accountId: '15300002',
    agentId: `agent-${agentLoginId}`,
    status: 'LOGGED_IN',
    lastEventAt: minutesBefore(60),
    lastEventId: `event-${agentLoginId}`,
    ...fields,
  };
}

function snapshot(
  listed: readonly OpenSession[],
  fields: Partial<AgentListSnapshot> = {},
): AgentListSnapshot {
  return {
    accountId: '15300002',
    takenAt: TAKEN_AT,
    agentLoginIds: new Set(listed.map((one) => one.agentLoginId)),
    agentIds: new Set(listed.map((one) => one.agentId)),
    ...fields,
  };
}

const closedIds = (sessions: OpenSession[], snapshots: AgentListSnapshot[]) =>
  reconciledLogouts(sessions, snapshots, clock).logouts.map((logout) => logout.agentLoginId);

describe('reconciliation with RingCX agent list', () => {
  it('closes an open session whose agent the list does not show, as a reconciled inferred logout at its last event', () => {
    const gone = session('1001', { lastEventAt: minutesBefore(45) });
    const present = session('1002');
    const { logouts, mismatched } = reconciledLogouts(
      [gone, present],
      [snapshot([present])],
      clock,
    );
    expect(mismatched).toEqual([]);
    expect(logouts).toHaveLength(1);
    const [logout] = logouts;
    expect(envelopeSchema.parse(logout)).toMatchObject({
      kind: 'agent.logout',
      agentLoginId: '1001',
      occurredAt: minutesBefore(45),
      receivedAt: clock.now,
      transport: { encoding: 'none' },
      data: { inferred: true, inferredReason: 'reconciled' },
    });
    // The same session and last event give the same event id, run after run; a stale
    // inference of it would have another one.
    const again = reconciledLogouts([gone, present], [snapshot([present])], clock).logouts[0];
    expect(again?.eventId).toBe(logout?.eventId);
  });

  it('keeps a session whose last event lies within the safety margin before the list: a login racing it', () => {
    const justIn = session('1003', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES - 1),
    });
    const atMargin = session('1004', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES),
    });
    const before = session('1005', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES + 1),
    });
    const afterList = session('1006', { lastEventAt: clock.now });
    expect(closedIds([justIn, atMargin, before, afterList], [snapshot([])])).toEqual(['1005']);
  });

  it('leaves alone the accounts without a whole list: not reconciled, or whose list failed', () => {
    const other = session('2001', { accountId: '99999' });
    const failed = session('2002', { accountId: '15300003' });
    expect(closedIds([other, failed], [snapshot([])])).toEqual([]);
    expect(closedIds([other, failed], [])).toEqual([]);
  });

  it('closes only open sessions, and leaves stale ones to the sweep', () => {
    const closed = session('3001', { status: 'LOGGED_OUT', logoutAt: minutesBefore(90) });
    const stale = session('3002', { lastEventAt: minutesBefore(13 * 60) });
    const open = session('3003');
    expect(closedIds([closed, stale, open], [snapshot([])])).toEqual(['3003']);
  });

  it('closes a session whose agent the list shows under another login: a later login', () => {
    const earlier = session('4001', { agentId: '77' });
    const later = session('4002', { agentId: '77', lastEventAt: minutesBefore(2) });
    expect(closedIds([earlier, later], [snapshot([later])])).toEqual(['4001']);
  });

  it('skips an account whose list shows agents of its open sessions under none of their logins', () => {
    const first = session('5001');
    const second = session('5002');
    const list = snapshot([], {
      agentLoginIds: new Set(['8805001', '8805002']),
      agentIds: new Set([first.agentId, second.agentId]),
    });
    const { logouts, mismatched } = reconciledLogouts([first, second], [list], clock);
    expect(logouts).toEqual([]);
    expect(mismatched).toEqual(['15300002']);
    // An empty list is no mismatch: nobody is logged in.
    expect(closedIds([first, second], [snapshot([])])).toEqual(['5001', '5002']);
  });
});
