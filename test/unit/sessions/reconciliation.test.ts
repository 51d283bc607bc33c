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
    ...fields,
  };
}

const closedIds = (sessions: OpenSession[], snapshots: AgentListSnapshot[]) =>
  reconciledLogouts(sessions, snapshots, clock).logouts.map((logout) => logout.agentLoginId);

/** Missed by the previous run's list, 15 minutes before this one. */
const missedBefore = { reconcileMissedAt: minutesBefore(15) };
/** Listed: keeps the account's list from being a mismatch. */
const listedOne = session('1999');

describe('reconciliation with RingCX agent list', () => {
  it('closes an open session missed by two lists in a row, as a reconciled inferred logout at its last event', () => {
    const gone = session('1001', { lastEventAt: minutesBefore(45), ...missedBefore });
    const { logouts, mismatched, firstMisses } = reconciledLogouts(
      [gone, listedOne],
      [snapshot([listedOne])],
      clock,
    );
    expect(mismatched).toEqual([]);
    expect(firstMisses).toEqual([]);
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
    const again = reconciledLogouts([gone, listedOne], [snapshot([listedOne])], clock).logouts[0];
    expect(again?.eventId).toBe(logout?.eventId);
  });

  it('only marks a session missed for the first time, and unmarks one listed again', () => {
    const firstMiss = session('1101');
    const backAgain = session('1102', missedBefore);
    const result = reconciledLogouts([firstMiss, backAgain], [snapshot([backAgain])], clock);
    expect(result.logouts).toEqual([]);
    expect(result.firstMisses).toEqual([{ agentLoginId: '1101', missedAt: TAKEN_AT }]);
    expect(result.listedAgain).toEqual(['1102']);
    // A listed session without a mark has nothing to unmark.
    expect(reconciledLogouts([firstMiss], [snapshot([firstMiss])], clock).listedAgain).toEqual([]);
  });

  it('does not count a miss marked within the safety margin before the list as a second look (a run retried at once)', () => {
    const retried = session('1201', {
      reconcileMissedAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES - 1),
    });
    const spaced = session('1202', {
      reconcileMissedAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES),
    });
    const result = reconciledLogouts([retried, spaced, listedOne], [snapshot([listedOne])], clock);
    expect(result.logouts.map((logout) => logout.agentLoginId)).toEqual(['1202']);
    // Still marked from the first miss: not marked again.
    expect(result.firstMisses).toEqual([]);
  });

  it('keeps a session whose last event lies within the safety margin before the list: a login racing it', () => {
    const justIn = session('1003', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES - 1),
      ...missedBefore,
    });
    const atMargin = session('1004', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES),
      ...missedBefore,
    });
    const before = session('1005', {
      lastEventAt: minutesBefore(RECONCILE_SAFETY_MARGIN_MINUTES + 1),
      ...missedBefore,
    });
    const afterList = session('1006', { lastEventAt: clock.now, ...missedBefore });
    expect(
      closedIds([justIn, atMargin, before, afterList, listedOne], [snapshot([listedOne])]),
    ).toEqual(['1005']);
  });

  it('leaves alone the accounts without a whole list: not reconciled, or whose list failed', () => {
    const other = session('2001', { accountId: '99999', ...missedBefore });
    const failed = session('2002', { accountId: '15300003', ...missedBefore });
    const result = reconciledLogouts([other, failed, listedOne], [snapshot([listedOne])], clock);
    expect(result.logouts).toEqual([]);
    expect(result.firstMisses).toEqual([]);
    expect(closedIds([other, failed], [])).toEqual([]);
  });

  it('closes only open sessions, and leaves stale ones to the sweep', () => {
    const closed = session('3001', {
      status: 'LOGGED_OUT',
      logoutAt: minutesBefore(90),
      ...missedBefore,
    });
    const stale = session('3002', { lastEventAt: minutesBefore(13 * 60), ...missedBefore });
    const open = session('3003', missedBefore);
    expect(closedIds([closed, stale, open, listedOne], [snapshot([listedOne])])).toEqual(['3003']);
  });

  it('closes a session whose agent the list shows under another login: a later login', () => {
    const earlier = session('4001', { agentId: '77', ...missedBefore });
    const later = session('4002', { agentId: '77', lastEventAt: minutesBefore(2) });
    expect(closedIds([earlier, later], [snapshot([later])])).toEqual(['4001']);
  });

  it('skips an account with open sessions whose list shows none of their logins: other ids, or an empty list', () => {
    const first = session('5001', missedBefore);
    const second = session('5002', missedBefore);
    const otherIds = snapshot([], { agentLoginIds: new Set(['8805001', '8805002']) });
    for (const list of [otherIds, snapshot([])]) {
      const result = reconciledLogouts([first, second], [list], clock);
      expect(result).toEqual({
        logouts: [],
        firstMisses: [],
        listedAgain: [],
        mismatched: ['15300002'],
      });
    }
    // An account with no open session (but a stale one) is no mismatch: nothing to close.
    const stale = session('5003', { lastEventAt: minutesBefore(13 * 60) });
    expect(reconciledLogouts([stale], [snapshot([])], clock).mismatched).toEqual([]);
  });

  it('closes nothing of an account whose list shows only part of its agents until a second list misses the rest', () => {
    const hidden = [session('6001'), session('6002'), session('6003')];
    const visible = session('6004');
    const first = reconciledLogouts([...hidden, visible], [snapshot([visible])], clock);
    expect(first.logouts).toEqual([]);
    expect(first.firstMisses.map((miss) => miss.agentLoginId)).toEqual(['6001', '6002', '6003']);
  });
});
