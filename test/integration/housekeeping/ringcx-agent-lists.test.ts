/**
 * The RingCX adapter against a local fake of RingCentral's token endpoint, RingCX's token
 * exchange and its real-time agent list: tokens asked for once and kept, the rate limit, and
 * every kind of failure turned into a skipped account, never a partial list.
 */
import {
  RINGCX_TOKEN_LIFETIME_MS,
  RingCxAgentLists,
} from '../../../lambdas/platform/ringcx/agent-lists';
import { RequestLimiter } from '../../../lambdas/platform/ringcx/request-limiter';
import { ringCxCredentialsOf } from '../../../lambdas/platform/ringcx/ringcx-credentials';
import { type FakeRingCx, requestCounts, startFakeRingCx } from '../../support/fake-ringcx';
import { waitFor } from '../../support/resources';

let fake: FakeRingCx;
beforeAll(async () => {
  fake = await startFakeRingCx();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.lists.clear();
  fake.requests.clear();
  fake.holds.clear();
});

/** A clock the test moves. */
function testClock() {
  const clock = { ms: Date.parse('2026-03-02T15:00:00Z') };
  return { clock, now: () => clock.ms };
}

describe('RingCX agent lists', () => {
  it('exchanges a RingCentral token for a RingCX token, lists each sub-account, and keeps the tokens until shortly before they expire', async () => {
    fake.lists.set('101', [
      { agentLoginId: 9101, agentId: 501 },
      { agentLoginId: '9102', agentId: '502' },
    ]);
    fake.lists.set('102', []);
    const { clock, now } = testClock();
    const lists = new RingCxAgentLists(fake.credentials(['101', '102']), { now });

    const results = await lists.lists();
    expect(results).toEqual([
      {
        ok: true,
        snapshot: {
          accountId: '101',
          takenAt: '2026-03-02T15:00:00.000Z',
          agentLoginIds: new Set(['9101', '9102']),
        },
      },
      {
        ok: true,
        snapshot: expect.objectContaining({ accountId: '102', agentLoginIds: new Set() }),
      },
    ]);
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 1, lists: 2 });

    // A minute later: both tokens kept.
    clock.ms += 60_000;
    await lists.lists();
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 1, lists: 4 });
    // The RingCX token lives 5 minutes: renewed a minute early, with the same RingCentral token.
    clock.ms += RINGCX_TOKEN_LIFETIME_MS - 2 * 60_000;
    await lists.lists();
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 2, lists: 6 });
  });

  it('renews the RingCX token once when a list answers 401, and asks again', async () => {
    fake.lists.set('101', [{ agentLoginId: 9101, agentId: 501 }]);
    const lists = new RingCxAgentLists(fake.credentials(['101']));
    await lists.lists();
    fake.expireRingCxTokens();
    const [result] = await lists.lists();
    expect(result).toMatchObject({ ok: true });
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 2, lists: 3 });
  });

  it('keeps a RingCX token another list renewed when a list asked with the old one answers 401 late', async () => {
    for (const account of ['101', '102']) fake.lists.set(account, []);
    const lists = new RingCxAgentLists(fake.credentials(['101', '102']));
    await lists.lists();
    fake.expireRingCxTokens();
    // 102's answer (a 401: its token is gone) comes only once 101 has renewed the token and
    // asked again with the new one.
    let release = () => {};
    fake.holds.set('102', new Promise<void>((resolve) => (release = resolve)));
    const run = lists.lists();
    await waitFor(async () => requestCounts(fake, '101').lists === 3, {
      what: "101's list asked again with the renewed token",
    });
    release();
    fake.holds.clear();
    expect((await run).every((result) => result.ok)).toBe(true);
    // One renewal for both: the late 401 did not drop the renewed token.
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 2, lists: 6 });
  });

  it('asks for lists no faster than the limiter lets it', async () => {
    for (const account of ['101', '102', '103']) fake.lists.set(account, []);
    const { clock, now } = testClock();
    const slept: number[] = [];
    const limiter = new RequestLimiter(2, 60_000, now, async (ms) => {
      slept.push(ms);
      clock.ms += ms;
    });
    const lists = new RingCxAgentLists(fake.credentials(['101', '102', '103']), { now, limiter });
    const results = await lists.lists();
    expect(results.every((result) => result.ok)).toBe(true);
    expect(slept).toEqual([60_000]);
    expect(requestCounts(fake).lists).toBe(3);
  });

  it('turns every failure into a skipped account with its reason, never a partial list', async () => {
    fake.lists.set('200', [{ agentLoginId: 9200, agentId: 600 }]);
    fake.lists.set('201', { status: 503 });
    fake.lists.set('202', { status: 429, body: '{"errorCode":"rate.limit"}' });
    fake.lists.set('203', {
      status: 200,
      body: '[{"agentLoginId":9203,"agentId":603},{"agentId":604}]',
    });
    fake.lists.set('204', { status: 200, body: '{"agents":' });
    fake.lists.set('205', 'drop');
    const lists = new RingCxAgentLists(
      fake.credentials(['200', '201', '202', '203', '204', '205']),
    );
    const results = await lists.lists();
    expect(results.map((result) => (result.ok ? 'ok' : result.reason))).toEqual([
      'ok',
      'agent list answered 503',
      'agent list answered 429',
      'agent list unreadable: 1.agentLoginId: Invalid input',
      'agent list: the answer is not JSON',
      '/voice/api/v1/admin/accounts/205/realTimeData/agent: fetch failed',
    ]);
  });

  it('gives up on a list that never answers after the list timeout, the token requests keeping theirs', async () => {
    fake.lists.set('205', 'hang');
    // Only the list that never answers has the short timeout: the token requests keep the
    // default, however slow the machine.
    const lists = new RingCxAgentLists(fake.credentials(['205']), { listTimeoutMs: 300 });
    const [result] = await lists.lists();
    expect(result).toEqual({
      ok: false,
      accountId: '205',
      reason: '/voice/api/v1/admin/accounts/205/realTimeData/agent: no answer within 300 ms',
    });
    expect(requestCounts(fake)).toEqual({ platformTokens: 1, exchanges: 1, lists: 1 });
  });

  it('skips every account when the credentials are refused, and says which step failed', async () => {
    fake.lists.set('101', []);
    const wrong = { ...fake.credentials(['101']), jwt: 'another.jwt' };
    const [result] = await new RingCxAgentLists(wrong).lists();
    expect(result).toEqual({
      ok: false,
      accountId: '101',
      reason: 'RingCentral token answered 400',
    });
  });
});

describe('the RingCX credentials', () => {
  const valid = {
    clientId: 'id',
    clientSecret: 'secret',
    jwt: 'a.b.c',
    subAccountIds: ['15300002'],
  };

  it('default to the RingCentral and RingCX hosts', () => {
    expect(ringCxCredentialsOf(JSON.stringify(valid))).toEqual({
      ...valid,
      platformUrl: 'https://platform.ringcentral.com',
      ringcxUrl: 'https://ringcx.ringcentral.com',
    });
  });

  it('are refused naming the field, never its value', () => {
    const refused = (secret: unknown) => () => ringCxCredentialsOf(JSON.stringify(secret));
    expect(refused({ ...valid, jwt: '' })).toThrow("the RingCX credentials' jwt:");
    expect(refused({ ...valid, subAccountIds: [] })).toThrow('subAccountIds');
    expect(refused({ ...valid, subAccountIds: ['153/00002'] })).toThrow(
      'subAccountIds.0: expected a sub-account id: 1 to 64 letters, digits, _ or -',
    );
    expect(refused({ ...valid, subAccountIds: ['sub_account-7'] })).not.toThrow();
    expect(refused({ ...valid, ringcxUrl: 'http://ringcx.example.com' })).toThrow(
      'ringcxUrl: expected an https URL without query (http only on 127.0.0.1)',
    );
    expect(() => ringCxCredentialsOf('{"clientSecret": "s3cr3t"')).toThrow(
      'the RingCX credentials are not JSON',
    );
    expect(refused({ ...valid, clientSecret: 42 })).not.toThrow(/42/);
  });
});
