import fc from 'fast-check';
import {
  type CallContribution,
  type CallContributions,
  emptyCall,
  endCallContribution,
  handlerOf,
  mergeCall,
} from '../../../lambdas/calls/call-contributions';
import { callItemOf } from '../../../lambdas/calls/call-item';
import { contributionsOfItem } from '../../../lambdas/calls/call-item-reading';
import { versionOf } from '../../../lambdas/calls/call-version';
import { readableCallOf } from '../../../lambdas/calls/readable-call';
import type { EnvelopeOf } from '../../../lambdas/events';
import { envelopeOf } from '../../support/contract';
import { itemSizeBytes } from '../../support/item-size';
import { vendorEvent } from '../../support/vendor-fixtures';

/**
 * A call record as a whole: the merge rules (call-contributions), the item built from them
 * (call-item), reading it back, the 0.1 shape included (call-item-reading), and its version
 * (call-version).
 */
const CALL = '202006301400000132130000031001';
const time = (second: number) => `2020-06-30T14:00:${String(second).padStart(2, '0')}.000Z`;
const key = (second: number, sequence: number, id: string) =>
  `${time(second)}#${String(sequence).padStart(2, '0')}#${id.padEnd(32, '0')}`;

const endCall = (agentId?: string, id = 'e1'): CallContribution => ({
  kind: 'endCall',
  endCall: {
    key: key(0, 0, id),
    accountId: '15300002',
    callType: 'ACD',
    callState: agentId === undefined ? 'DEFLECTED' : 'ANSWERED',
    callStart: '2020-06-30T14:00:00.000Z',
    callDuration: 50,
    gateId: '72992',
    ...(agentId === undefined ? {} : { agentId }),
  },
});
const engagement = (
  agentLoginId: string,
  agentId: string,
  engaged: number,
  talkEnd: number,
  workEnd: number,
): CallContribution => ({
  kind: 'engagement',
  agentLoginId,
  engagement: {
    agentId,
    accountId: '15300002',
    engagedAt: time(engaged),
    talkEndedAt: time(talkEnd),
    afterCallWorkEndKey: key(workEnd, 20, `c${agentLoginId}`),
  },
});
const agent = engagement('612829048', '1369310', 3, 35, 50);
const supervisor = engagement('612900001', '1400001', 10, 20, 20);
/** The supervisor's engagement as the record shows it, without its internal key. */
const supervisorTimes = {
  agentId: '1400001',
  engagedAt: '2020-06-30T14:00:10.000Z',
  talkEndedAt: '2020-06-30T14:00:20.000Z',
  afterCallWorkEndedAt: '2020-06-30T14:00:20.000Z',
  talkSeconds: 10,
  afterCallWorkSeconds: 0,
};

const build = (...contributions: CallContribution[]) =>
  contributions.reduce(mergeCall, emptyCall(CALL));
const itemOf = (...contributions: CallContribution[]) => callItemOf(build(...contributions));

describe('who handled the call', () => {
  it('the end-call names the agent; everyone else on the call is a monitor', () => {
    const item = itemOf(supervisor, agent, endCall('1369310'));
    expect(item).toMatchObject({
      agentId: '1369310',
      agentLoginId: '612829048',
      monitoredBy: {
        '612900001': { ...supervisorTimes, afterCallWorkEndKey: key(20, 20, 'c612900001') },
      },
      engagedAt: '2020-06-30T14:00:03.000Z',
      talkEndedAt: '2020-06-30T14:00:35.000Z',
      afterCallWorkEndedAt: '2020-06-30T14:00:50.000Z',
      talkSeconds: 32,
      afterCallWorkSeconds: 15,
    });
    expect(item).not.toHaveProperty('inferred');
    // The retired `byAgent` index's key: no call enters that index any more.
    expect(item).not.toHaveProperty('agentKey');
  });

  it('before the end-call, the agent who went ENGAGED first; the end-call still decides', () => {
    // The supervisor's span may be stored first; he engaged later, so he never handles it.
    expect(itemOf(supervisor)).toMatchObject({ agentLoginId: '612900001', inferred: true });
    expect(itemOf(supervisor, agent)).toMatchObject({
      agentLoginId: '612829048',
      monitoredBy: { '612900001': expect.objectContaining({ agentId: '1400001' }) },
    });
    // An end-call naming the supervisor's agent id overrides "first engaged".
    expect(itemOf(agent, supervisor, endCall('1400001'))).toMatchObject({
      agentLoginId: '612900001',
      monitoredBy: { '612829048': expect.objectContaining({ agentId: '1369310' }) },
    });
  });

  it('keeps the end-call agent even when only a monitor went ENGAGED', () => {
    const item = itemOf(supervisor, endCall('1369310'));
    expect(item).toMatchObject({
      agentId: '1369310',
      monitoredBy: { '612900001': expect.objectContaining({ agentId: '1400001' }) },
    });
    expect(item).not.toHaveProperty('agentLoginId');
    expect(item).not.toHaveProperty('talkSeconds');
  });

  it('a deflected call has no agent fields at all', () => {
    const item = itemOf(endCall(undefined));
    for (const name of ['agentId', 'agentKey', 'agentLoginId', 'username', 'engagedAt']) {
      expect(item).not.toHaveProperty(name);
    }
    expect(handlerOf(build(endCall(undefined), agent))).toBeUndefined();
  });
});

describe('a call without its end-call event', () => {
  it('exists from the agent timeline, marked inferred and starting when it was engaged', () => {
    expect(itemOf(agent)).toEqual(
      expect.objectContaining({
        callId: CALL,
        accountId: '15300002',
        inferred: true,
        callStart: '2020-06-30T14:00:03.000Z',
        agentId: '1369310',
        talkEndedAt: '2020-06-30T14:00:35.000Z',
      }),
    );
    expect(itemOf(agent)).not.toHaveProperty('endedAt');
  });

  it('is completed by a late end-call', () => {
    const item = itemOf(agent, endCall('1369310'));
    expect(item).not.toHaveProperty('inferred');
    expect(item).toMatchObject({
      callStart: '2020-06-30T14:00:00.000Z',
      endedAt: '2020-06-30T14:00:50.000Z',
      talkSeconds: 32,
    });
  });
});

describe('the end-call event', () => {
  it('carries the vendor fields; empty vendor values stay absent', () => {
    const event = envelopeOf(vendorEvent('call-inbound-answered')) as EnvelopeOf<'call.ended'>;
    const item = callItemOf(mergeCall(emptyCall(event.callId), endCallContribution(event)));
    expect(item).toMatchObject({
      callId: '202006302136360132130000036446',
      callType: 'ACD',
      callState: 'ANSWERED',
      callStart: '2020-06-30T21:36:37.000Z',
      endedAt: '2020-06-30T21:36:55.000Z',
      callDuration: 18,
      queueDuration: 3,
      gateId: '72992',
      agentId: '1369310',
      lastEventId: event.eventId,
    });
    expect(Object.values(item)).not.toContain('');
    expect(item).not.toHaveProperty('agentDisposition');
  });

  it('with its handler and a long recording URL still fits one write unit (1 KB)', () => {
    const event = envelopeOf({
      ...vendorEvent('call-inbound-answered'),
      agent_disposition: 'Sale',
      external_agent_id: 'EXT-10',
      username: 'agent10+15300002_1800@example.com',
    }) as EnvelopeOf<'call.ended'>;
    const handled = mergeCall(
      mergeCall(emptyCall(event.callId), endCallContribution(event)),
      engagement('612829048', '1369310', 37, 55, 59),
    );
    const item = callItemOf(handled);
    expect(item).toMatchObject({ agentLoginId: '612829048', agentDisposition: 'Sale' });
    // The table adds the TTL, a ten-digit epoch second.
    expect(itemSizeBytes({ ...item, expiresAt: 1_900_000_000 })).toBeLessThanOrEqual(1024);
  });

  it('the newest of two different end-calls wins, whichever came first', () => {
    const older = endCall('1369310', 'e1');
    const newer = endCall('1369310', 'e2');
    expect(build(older, newer)).toEqual(build(newer, older));
    expect(build(older, newer).endCall?.key).toBe(key(0, 0, 'e2'));
  });
});

describe('merging', () => {
  const contribution = fc.oneof(
    fc.constantFrom(endCall('1369310', 'e1'), endCall('1369310', 'e2'), endCall(undefined, 'e3')),
    fc
      .record({
        login: fc.constantFrom('612829048', '612900001', '612900002'),
        engaged: fc.integer({ min: 1, max: 20 }),
        talk: fc.integer({ min: 0, max: 20 }),
        work: fc.integer({ min: 0, max: 19 }),
      })
      .map(({ login, engaged, talk, work }) =>
        engagement(login, `9${login}`, engaged, engaged + talk + 1, engaged + talk + 1 + work),
      ),
  );
  const contributions = fc.array(contribution, { minLength: 1, maxLength: 8 });

  it('gives one record for any order and any repetition', () => {
    fc.assert(
      fc.property(
        contributions.chain((list) =>
          fc.tuple(
            fc.constant(list),
            fc.shuffledSubarray([...list, ...list], { minLength: list.length * 2 }),
          ),
        ),
        ([list, reordered]) => {
          expect(itemOf(...reordered)).toEqual(itemOf(...list));
        },
      ),
    );
  });

  it('reads back from the stored item exactly what was merged', () => {
    fc.assert(
      fc.property(contributions, (list) => {
        const merged: CallContributions = build(...list);
        const readBack = contributionsOfItem(callItemOf(merged));
        expect(readBack).toEqual(merged);
        expect(versionOf(readBack)).toBe(versionOf(merged));
      }),
    );
  });

  it('keeps its version through a read-back when an engagement names another account', () => {
    const foreign: CallContribution = {
      kind: 'engagement',
      agentLoginId: '612900009',
      engagement: {
        agentId: '1400009',
        accountId: '99999999',
        engagedAt: time(12),
        talkEndedAt: time(20),
        afterCallWorkEndKey: key(20, 20, 'c612900009'),
      },
    };
    for (const list of [[foreign], [agent, foreign], [foreign, endCall('1369310')]]) {
      const merged = build(...list);
      const readBack = contributionsOfItem(callItemOf(merged));
      expect(versionOf(readBack)).toBe(versionOf(merged));
      // A repeat of the foreign engagement is recognized as nothing new.
      expect(versionOf(mergeCall(readBack, foreign))).toBe(versionOf(merged));
    }
  });

  it('changes the version exactly when the record changes', () => {
    const base = build(agent);
    expect(versionOf(mergeCall(base, agent))).toBe(versionOf(base));
    expect(versionOf(mergeCall(base, supervisor))).not.toBe(versionOf(base));
  });

  it('reads an item written by version 0.1 (every engagement in one map, keys whole) as the same call', () => {
    const call = build(agent, supervisor, endCall('1369310'));
    const {
      afterCallWorkEndKey: _handlerKey,
      monitoredBy: _monitors,
      ...common
    } = callItemOf(call);
    const legacyEngagement = (
      login: string,
      engaged: number,
      talkEnd: number,
      workEnd: number,
    ) => ({
      agentId: login === '612829048' ? '1369310' : '1400001',
      accountId: '15300002',
      engagedKey: key(engaged, 40, `a${login}`),
      talkEndKey: key(talkEnd, 50, `b${login}`),
      afterCallWorkEndKey: key(workEnd, 20, `c${login}`),
    });
    const legacyItem = {
      ...common,
      monitoredBy: ['612900001'],
      engagements: {
        '612829048': legacyEngagement('612829048', 3, 35, 50),
        '612900001': legacyEngagement('612900001', 10, 20, 20),
      },
      version: 'written-by-0.1',
    };
    expect(contributionsOfItem(legacyItem)).toEqual(call);
    expect(callItemOf(contributionsOfItem(legacyItem))).not.toHaveProperty('engagements');
    // The read API shows both shapes as one record, without the internal bookkeeping.
    expect(readableCallOf(legacyItem)).toEqual(readableCallOf(callItemOf(call)));
  });

  it('refuses to read an item that lost a required attribute', () => {
    const { callType: _dropped, ...broken } = itemOf(endCall('1369310'));
    expect(() => contributionsOfItem(broken)).toThrow('stored call item lacks callType');
  });
});

describe('the record as the read API shows it', () => {
  it('has the read contract attributes, without order-key markers, the index key or version', () => {
    const readable = readableCallOf(itemOf(supervisor, agent, endCall('1369310')));
    expect(readable).toEqual({
      callId: CALL,
      accountId: '15300002',
      callType: 'ACD',
      callState: 'ANSWERED',
      callStart: '2020-06-30T14:00:00.000Z',
      callDuration: 50,
      endedAt: '2020-06-30T14:00:50.000Z',
      gateId: '72992',
      agentId: '1369310',
      agentLoginId: '612829048',
      engagedAt: '2020-06-30T14:00:03.000Z',
      talkEndedAt: '2020-06-30T14:00:35.000Z',
      afterCallWorkEndedAt: '2020-06-30T14:00:50.000Z',
      talkSeconds: 32,
      afterCallWorkSeconds: 15,
      monitoredBy: { '612900001': supervisorTimes },
      lastEventId: 'c612829048'.padEnd(32, '0'),
    });
  });
});
