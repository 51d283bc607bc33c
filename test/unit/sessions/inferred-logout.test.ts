import fc from 'fast-check';
import { type Envelope, envelopeSchema } from '../../../lambdas/events';
import {
  EARLIEST_EVENT_TIME,
  implausibleTimeIssue,
  MAX_LEAD_HOURS,
} from '../../../lambdas/events/plausible-time';
import {
  inferredLogout,
  type OpenSession,
  staleLogouts,
} from '../../../lambdas/sessions/inferred-logout';
import { agentDay, envelopesOf } from '../../support/agent-day';
import { envelopeOf } from '../../support/contract';
import type { InMemoryTables } from '../../support/in-memory-tables';
import { redeliveries } from '../../support/runs';
import { permutations, vendorStateEvents } from '../../support/scenarios';
import { storeAll, storeBatches } from '../../support/store-runs';
import { vendorEvent } from '../../support/vendor-fixtures';

const SESSION = '612829048';

/** The vendor's session: its four state events (LOGIN to ENGAGED), the last at 19:44:30. */
const states = vendorStateEvents();
const lastState = states[3] as Envelope;
const openSession = (tables: InMemoryTables) =>
  tables.sessionItems.get(SESSION) as unknown as OpenSession;

/** An open session whose last event is at `lastEventAt`. */
const openSessionOf = (lastEventAt: string): OpenSession => ({
  agentLoginId: SESSION,
  accountId: '15300002',
  agentId: '1369310',
  status: 'LOGGED_IN',
  lastEventAt,
});

/** A state event of the vendor's session at another time (a new event id). */
function stateAt(localTime: string, state = 'AVAILABLE'): Envelope {
  return envelopeOf({
    ...vendorEvent('state-2-available-aux'),
    agent_login_id: SESSION,
    prev_state: 'ENGAGED',
    event_type: state,
    date_time: localTime,
  });
}

/** The vendor's LOGOUT, moved onto this session at `localTime`. */
function logoutAt(localTime: string): Envelope {
  return envelopeOf({ ...vendorEvent('logout'), agent_login_id: SESSION, date_time: localTime });
}

describe('inferred logouts (pure)', () => {
  const clock = { now: '2020-07-01T08:00:00.000Z', staleAfterHours: 12 };

  it('close the open sessions with no event for STALE_AFTER_HOURS, with a valid envelope whose id depends on the session alone', async () => {
    const tables = await storeAll(states);
    const session = openSession(tables);
    const [logout, ...more] = staleLogouts([session], clock);
    expect(more).toEqual([]);
    expect(envelopeSchema.parse(logout)).toEqual(logout);
    expect(logout).toMatchObject({
      kind: 'agent.logout',
      agentLoginId: SESSION,
      occurredAt: lastState.occurredAt,
      sequence: 90,
      transport: { encoding: 'none' },
      raw: {},
      data: { inferred: true, inferredReason: 'stale', timeZone: 'UTC' },
    });
    // Inferred again by a later sweep: the same event.
    const later = staleLogouts([session], { ...clock, now: '2020-07-01T09:00:00.000Z' });
    expect(later[0]?.eventId).toBe(logout?.eventId);
    expect(inferredLogout(session, 'reconciled', new Date()).eventId).not.toBe(logout?.eventId);
    // Not stale yet, or logged out: nothing.
    expect(staleLogouts([session], { ...clock, now: '2020-07-01T07:00:00.000Z' })).toEqual([]);
    expect(staleLogouts([{ ...session, status: 'LOGGED_OUT' }], clock)).toEqual([]);
  });

  it("are dated as plausibly as the webhook routes demand: the session's last event, from 2000 on and never after the inference", () => {
    const HOUR_MS = 3_600_000;
    const earliest = Date.parse(EARLIEST_EVENT_TIME);
    fc.assert(
      fc.property(
        // When the last event was received, how far ahead of its receipt it was dated (within
        // what ingest takes), and how long after its receipt the sweep runs.
        fc.integer({ min: earliest, max: Date.parse('2100-01-01T00:00:00Z') }),
        fc.integer({ min: -48 * HOUR_MS, max: MAX_LEAD_HOURS * HOUR_MS }),
        fc.integer({ min: 0, max: 400 * 24 * HOUR_MS }),
        fc.integer({ min: 1, max: 168 }),
        (receivedMs, leadMs, sweepAfterMs, staleAfterHours) => {
          const occurredAt = new Date(Math.max(earliest, receivedMs + leadMs)).toISOString();
          const received = new Date(receivedMs);
          fc.pre(implausibleTimeIssue(occurredAt, occurredAt, received, 'date_time') === undefined);
          const now = new Date(receivedMs + sweepAfterMs);
          const logouts = staleLogouts([openSessionOf(occurredAt)], {
            now: now.toISOString(),
            staleAfterHours,
          });
          const stale = now.getTime() - Date.parse(occurredAt) >= staleAfterHours * HOUR_MS;
          expect(logouts).toHaveLength(stale ? 1 : 0);
          for (const logout of logouts) {
            expect(logout.occurredAt).toBe(occurredAt);
            expect(Date.parse(logout.occurredAt)).toBeLessThanOrEqual(now.getTime());
            expect(
              implausibleTimeIssue(logout.occurredAt, logout.data.localTime, now, 'date_time'),
            ).toBeUndefined();
          }
        },
      ),
    );
  });
});

describe('the envelope of an inferred logout', () => {
  it('takes inferred and inferredReason on a logout only, both or neither', () => {
    const inferred = inferredLogout(openSessionOf(lastState.occurredAt), 'stale', new Date());
    const { inferredReason: _reason, ...withoutReason } = inferred.data;
    const { inferred: _flag, ...withoutFlag } = inferred.data;
    const sentLogin = envelopeOf(vendorEvent('login'));
    const accepts = (envelope: unknown) => envelopeSchema.safeParse(envelope).success;
    expect(accepts(inferred)).toBe(true);
    expect(accepts({ ...inferred, data: withoutReason })).toBe(false);
    expect(accepts({ ...inferred, data: withoutFlag })).toBe(false);
    expect(accepts(sentLogin)).toBe(true);
    expect(
      accepts({
        ...sentLogin,
        data: { ...sentLogin.data, inferred: true, inferredReason: 'stale' },
      }),
    ).toBe(false);
  });
});

describe('inferred logouts in the store', () => {
  const inferred = (tables: InMemoryTables) =>
    inferredLogout(openSession(tables), 'stale', new Date('2020-07-01T08:00:00Z'));

  it('close the session at its last event, keeping the timeline and inventing no call', async () => {
    const tables = await storeAll(states);
    const timeline = new Map(tables.stateItems.get(SESSION));
    await storeAll([inferred(tables)], tables);
    expect(tables.sessionItems.get(SESSION)).toMatchObject({
      status: 'LOGGED_OUT',
      presence: 'LOGGED_OUT#2020-06-30',
      logoutAt: lastState.occurredAt,
      logoutInferred: 'stale',
      lastEventAt: lastState.occurredAt,
      lastEventId: lastState.eventId,
      currentState: 'ENGAGED',
    });
    expect(tables.sessionItems.get(SESSION)).not.toHaveProperty('logoutDuration');
    expect(tables.stateItems.get(SESSION)).toEqual(timeline);
    expect(tables.callItems.size).toBe(0);
  });

  it('never create a session: an item gone (TTL-deleted) before the inference arrives stays gone', async () => {
    const guess = inferred(await storeAll(states));
    const tables = await storeAll([guess]);
    expect(tables.sessionItems.has(SESSION)).toBe(false);
    // Nor does an item holding only some attributes, without its last event, become a session.
    tables.sessionItems.set(SESSION, { agentLoginId: SESSION, status: 'LOGGED_IN' });
    await storeAll([guess], tables);
    expect(tables.sessionItems.get(SESSION)).toEqual({
      agentLoginId: SESSION,
      status: 'LOGGED_IN',
    });
  });

  it('remove the mark of a first miss by reconciliation when they close the session', async () => {
    const tables = await storeAll(states);
    (tables.sessionItems.get(SESSION) as Record<string, unknown>).reconcileMissedAt =
      '2020-07-01T07:45:00.000Z';
    await storeAll([inferred(tables)], tables);
    expect(tables.sessionItems.get(SESSION)).toMatchObject({ status: 'LOGGED_OUT' });
    expect(tables.sessionItems.get(SESSION)).not.toHaveProperty('reconcileMissedAt');
  });

  it('give way to a real LOGOUT whatever the order keys and the arrival order', async () => {
    const guess = inferred(await storeAll(states));
    // One LOGOUT older than the inferred one (same second, earlier sequence is impossible for a
    // LOGOUT, so an earlier second), one newer.
    for (const logout of [logoutAt('2020-06-30 19:44:29'), logoutAt('2020-07-01 02:00:00')]) {
      for (const order of permutations([0, 1])) {
        const events = order.map((index) => [guess, logout][index] as Envelope);
        const { sessionItems } = await storeAll([...states, ...events, ...events]);
        const session = sessionItems.get(SESSION);
        expect(session).toMatchObject({
          status: 'LOGGED_OUT',
          logoutAt: logout.occurredAt,
          presence: `LOGGED_OUT#${logout.occurredAt.slice(0, 10)}`,
        });
        expect(session).not.toHaveProperty('logoutInferred');
        expect(session).not.toHaveProperty('inferredLogoutKey');
      }
    }
  });

  it('are undone by a newer event in any order, and not by an older one', async () => {
    const guess = inferred(await storeAll(states));
    const newer = stateAt('2020-07-01 07:00:00');
    for (const order of permutations([0, 1])) {
      const events = order.map((index) => [guess, newer][index] as Envelope);
      const { sessionItems } = await storeAll([...states, ...events]);
      const session = sessionItems.get(SESSION);
      expect(session).toMatchObject({
        status: 'LOGGED_IN',
        presence: 'LOGGED_IN',
        currentState: 'AVAILABLE',
      });
      for (const name of ['logoutAt', 'logoutInferred', 'inferredLogoutKey']) {
        expect(session).not.toHaveProperty(name);
      }
    }
    // An event of the session older than the inference arriving late leaves it closed.
    const late = (await storeAll([...states.slice(0, 3), guess, states[3] as Envelope]))
      .sessionItems;
    expect(late.get(SESSION)).toMatchObject({ status: 'LOGGED_OUT', logoutInferred: 'stale' });
  });

  it('converge on random agent days: any order, any repeat, inferred at any point, with or without the real LOGOUT', async () => {
    await fc.assert(
      fc.asyncProperty(
        agentDay.chain((day) =>
          fc.record({
            events: fc.constant(envelopesOf(day)),
            cut: fc.nat({ max: envelopesOf(day).length }),
            reason: fc.constantFrom('stale' as const, 'reconciled' as const),
            dropLogouts: fc.boolean(),
            seed: fc.nat(),
          }),
        ),
        async ({ events, cut, reason, dropLogouts, seed }) => {
          const day = dropLogouts
            ? events.filter((event) => event.kind !== 'agent.logout')
            : events;
          // What a sweep would infer for each session stored after the first `cut` events: the
          // inferences come after those events (they were read from them), in any order with
          // the rest of the day.
          const stored = day.slice(0, cut);
          const sofar = await storeAll(stored);
          const guesses = [...sofar.sessionItems.values()].map((item) =>
            inferredLogout(item as unknown as OpenSession, reason, new Date(0)),
          );
          const later = [...day.slice(cut), ...guesses];
          const expected = (await storeAll([...stored, ...later])).snapshot();
          const [first, rest] = fc.sample(fc.tuple(redeliveries(stored), redeliveries(later)), {
            numRuns: 1,
            seed,
          })[0] ?? [[], []];
          const tables = await storeBatches(first);
          expect((await storeBatches(rest, tables)).snapshot()).toEqual(expected);
        },
      ),
      { numRuns: 150 },
    );
  });
});
