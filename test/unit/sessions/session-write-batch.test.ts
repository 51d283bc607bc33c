import fc from 'fast-check';
import type { EnvelopeOf } from '../../../lambdas/events';
import type { Item } from '../../../lambdas/items/item';
import {
  mergeSessionUpdates,
  type SessionEvent,
  type SessionUpdate,
  sessionUpdateOf,
} from '../../../lambdas/sessions/session-update';
import { SessionWriteBatch } from '../../../lambdas/sessions/session-write-batch';
import { agentDay, envelopesOf } from '../../support/agent-day';
import { envelopeOf } from '../../support/contract';
import { vendorStateEvents } from '../../support/scenarios';
import { vendorEvent } from '../../support/vendor-fixtures';
import { InMemoryTables } from '../store/support/in-memory-tables';

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

/** A session writer that records what it was asked and fails the calls `failing` picks. */
function recordingWriter(failing: (call: number) => boolean = () => false) {
  const applied: SessionUpdate[] = [];
  return {
    applied,
    apply: async (update: SessionUpdate): Promise<Item> => {
      applied.push(update);
      if (failing(applied.length)) throw new Error('ProvisionedThroughputExceeded');
      return { agentLoginId: update.agentLoginId, groups: update.groups.length };
    },
  };
}

describe('SessionWriteBatch', () => {
  const events = vendorStateEvents() as SessionEvent[];
  const [first, second, third] = events.map(updateOf) as [
    SessionUpdate,
    SessionUpdate,
    SessionUpdate,
  ];
  const session = first.agentLoginId;

  it('writes the updates of one session in a batch once, and answers every record', async () => {
    const writer = recordingWriter();
    const batch = new SessionWriteBatch(writer, [session, session, session]);
    const records = [batch.forRecord(session), batch.forRecord(session), batch.forRecord(session)];
    const results = await Promise.all([
      records[0]?.apply(first),
      records[1]?.apply(second),
      records[2]?.apply(third),
    ]);
    expect(writer.applied).toEqual([
      mergeSessionUpdates(mergeSessionUpdates(first, second), third),
    ]);
    expect(new Set(results.map((item) => JSON.stringify(item))).size).toBe(1);
  });

  it('writes without waiting for a record that dropped out before its update', async () => {
    const writer = recordingWriter();
    const batch = new SessionWriteBatch(writer, [session, session]);
    const failed = batch.forRecord(session);
    const stored = batch.forRecord(session).apply(first);
    failed.release();
    await stored;
    expect(writer.applied).toEqual([first]);
  });

  it('falls back to one write per record when the shared write fails', async () => {
    const writer = recordingWriter((call) => call === 1 || call === 3);
    const batch = new SessionWriteBatch(writer, [session, session]);
    const results = await Promise.allSettled([
      batch.forRecord(session).apply(first),
      batch.forRecord(session).apply(second),
    ]);
    expect(writer.applied).toEqual([mergeSessionUpdates(first, second), first, second]);
    // Only the record whose own write failed again fails.
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected']);
  });

  it('writes an unannounced or second update on its own', async () => {
    const writer = recordingWriter();
    const batch = new SessionWriteBatch(writer, [session, session]);
    const record = batch.forRecord(session);
    batch.forRecord(session).release();
    await record.apply(first);
    await record.apply(second);
    await batch.forRecord('someone-else').apply({ ...third, agentLoginId: 'someone-else' });
    expect(writer.applied).toEqual([first, second, { ...third, agentLoginId: 'someone-else' }]);
  });
});
