import type { CallContribution, MergeOutcome } from '../../../lambdas/calls/call-contributions';
import type { Envelope, EnvelopeOf } from '../../../lambdas/events';
import {
  mergeSessionUpdates,
  type SessionEvent,
  type SessionUpdate,
  sessionUpdateOf,
} from '../../../lambdas/sessions/session-update';
import { storeBatch } from '../../../lambdas/store/store-batch';
import { envelopeOf } from '../../support/contract';
import { InMemoryTables } from '../../support/in-memory-tables';
import { vendorStateEvents } from '../../support/scenarios';
import { vendorEvent } from '../../support/vendor-fixtures';

const events = vendorStateEvents();
const [first, second, third] = events.map((event) => sessionUpdateOf(event as SessionEvent)) as [
  SessionUpdate,
  SessionUpdate,
  SessionUpdate,
];

/** Tables whose session writes are recorded, and fail where `failing` says. */
function recordingSessions(failing: (call: number) => boolean = () => false) {
  const tables = new InMemoryTables();
  const applied: SessionUpdate[] = [];
  const apply = tables.sessions.apply;
  tables.sessions.apply = async (update) => {
    applied.push(update);
    if (failing(applied.length)) throw new Error('ProvisionedThroughputExceeded');
    return apply(update);
  };
  return { tables, applied };
}

const statuses = (outcomes: { status: string }[]) => outcomes.map((outcome) => outcome.status);

describe('the session writes of a batch', () => {
  it('write the updates of one session once, and answer every event', async () => {
    const { tables, applied } = recordingSessions();
    const outcomes = await storeBatch(events.slice(0, 3), tables);
    expect(applied).toEqual([mergeSessionUpdates(mergeSessionUpdates(first, second), third)]);
    expect(statuses(outcomes)).toEqual(['stored', 'stored', 'stored']);
  });

  it('leave out an event that failed before its session write', async () => {
    const { tables, applied } = recordingSessions();
    const put = tables.timeline.put;
    tables.timeline.put = async (row) => {
      if (row.eventId === events[1]?.eventId) throw new Error('ProvisionedThroughputExceeded');
      return put(row);
    };
    const outcomes = await storeBatch(events.slice(0, 3), tables);
    expect(applied).toEqual([mergeSessionUpdates(first, third)]);
    expect(statuses(outcomes)).toEqual(['stored', 'failed', 'stored']);
  });

  it('fall back to one write per event when the shared write fails', async () => {
    const { tables, applied } = recordingSessions((call) => call === 1 || call === 3);
    const outcomes = await storeBatch(events.slice(0, 2), tables);
    expect(applied).toEqual([mergeSessionUpdates(first, second), first, second]);
    // Only the event whose own write failed again fails.
    expect(statuses(outcomes)).toEqual(['stored', 'failed']);
  });
});

describe('the outcome of each event', () => {
  it('is unchanged for a repeat, stored for what changed a table', async () => {
    const tables = new InMemoryTables();
    const endCall = envelopeOf(vendorEvent('call-inbound-answered'));
    const all = [...events, endCall];
    expect(statuses(await storeBatch(all, tables))).toEqual(all.map(() => 'stored'));
    expect(statuses(await storeBatch(all, tables))).toEqual(all.map(() => 'unchanged'));
    expect((await storeBatch([endCall], tables))[0]).toEqual({
      status: 'unchanged',
      kind: 'call.ended',
    });
  });
});

describe('the call merges of a batch', () => {
  const endCall = vendorEvent('call-inbound-answered');
  const answered = envelopeOf(endCall) as EnvelopeOf<'call.ended'>;
  const corrected = envelopeOf({ ...endCall, call_duration: '19' });
  const deflected = envelopeOf(vendorEvent('call-inbound-deflected')) as EnvelopeOf<'call.ended'>;

  /** Tables whose call merges stay open until released, recording what runs at once. */
  function heldCalls() {
    const tables = new InMemoryTables();
    const running = new Set<string>();
    const log: string[] = [];
    const releases: (() => void)[] = [];
    tables.calls.merge = (callId: string, _contribution: CallContribution) => {
      log.push(`start ${callId}${running.has(callId) ? ' (overlapping)' : ''}`);
      running.add(callId);
      return new Promise<MergeOutcome>((resolve) => {
        releases.push(() => {
          running.delete(callId);
          log.push(`end ${callId}`);
          resolve('created');
        });
      });
    };
    return { tables, log, releaseNext: () => releases.shift()?.() };
  }

  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('run one at a time per call, and side by side across calls', async () => {
    const { tables, log, releaseNext } = heldCalls();
    const stored = storeBatch([answered, corrected, deflected], tables);
    await settle();
    const [a, b] = [answered.callId, deflected.callId];
    expect(log).toEqual([`start ${a}`, `start ${b}`]);
    releaseNext();
    await settle();
    expect(log).toEqual([`start ${a}`, `start ${b}`, `end ${a}`, `start ${a}`]);
    releaseNext();
    releaseNext();
    expect(statuses(await stored)).toEqual(['stored', 'stored', 'stored']);
    expect(log).not.toContain(`start ${a} (overlapping)`);
  });

  it('fail only the event whose merge failed; the next merge of that call still runs', async () => {
    const tables = new InMemoryTables();
    const merge = tables.calls.merge;
    let merges = 0;
    tables.calls.merge = async (callId, contribution) => {
      merges += 1;
      if (merges === 1) throw new Error('merge failed');
      return merge(callId, contribution);
    };
    const outcomes = await storeBatch([answered, corrected] as Envelope[], tables);
    expect(statuses(outcomes)).toEqual(['failed', 'stored']);
    expect(merges).toBe(2);
  });
});
