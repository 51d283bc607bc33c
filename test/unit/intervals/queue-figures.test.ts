import type { StoredCall } from '../../../lambdas/calls/stored-call';
import { InvalidParameter } from '../../../lambdas/intervals/invalid-parameter';
import { dayIntervals, localDayOf } from '../../../lambdas/intervals/local-day';
import { queueIntervals } from '../../../lambdas/intervals/queue-figures';

const grid = dayIntervals(localDayOf('2026-03-02', 'UTC'), 30);
const at = (time: string) => `2026-03-02T${time}.000Z`;

function answered(
  callId: string,
  gateId: string,
  start: string,
  queueDuration: number | undefined,
  handler?: { talkSeconds: number; afterCallWorkSeconds: number },
): StoredCall {
  return {
    callId,
    callType: 'ACD',
    callState: 'ANSWERED',
    callStart: at(start),
    gateId,
    gateName: gateId === '72992' ? 'My Queue' : 'Billing',
    agentId: '1369310',
    ...(queueDuration === undefined ? {} : { queueDuration }),
    ...(handler === undefined
      ? {}
      : { agentLoginId: `L-${callId}`, engagedAt: at(start), ...handler }),
  };
}

const calls: StoredCall[] = [
  answered('c1', '72992', '08:01:00', 5, { talkSeconds: 100, afterCallWorkSeconds: 20 }),
  answered('c2', '72992', '08:10:00', 30, { talkSeconds: 200, afterCallWorkSeconds: 0 }),
  // An abandoned call reaches no agent.
  {
    callId: 'c3',
    callType: 'ACD',
    callState: 'ABANDONED',
    callStart: at('08:15:00'),
    queueDuration: 45,
    gateId: '72992',
    gateName: 'My Queue',
  },
  {
    callId: 'c4',
    callType: 'ACD',
    callState: 'DEFLECTED',
    callStart: at('08:20:00'),
    queueDuration: 0,
    gateId: '72992',
  },
  // Answered, no queue duration, the handler's engagement not known yet.
  answered('c5', '72992', '08:29:59', undefined),
  // The other queue, same interval: exactly at the threshold.
  answered('c6', '72993', '08:05:00', 20, { talkSeconds: 61, afterCallWorkSeconds: 0 }),
  answered('c7', '72993', '09:00:00', 1),
  answered('c8', '72993', '09:01:00', 1),
  answered('c9', '72993', '09:02:00', 2),
  // An outbound campaign's call: a gate of its own.
  {
    callId: 'v1',
    callType: 'VPD',
    callState: 'MACHINE',
    callStart: at('09:10:00'),
    gateId: '81001',
    gateName: 'Renewals Outbound',
  },
  // No end-call (inferred): its queue is unknown, it is not offered.
  {
    callId: 'i1',
    callStart: at('08:02:00'),
    agentId: '1369310',
    agentLoginId: 'L-i1',
    engagedAt: at('08:02:00'),
  },
  // An end-call without a gate.
  { callId: 'n1', callType: 'ACD', callState: 'ANSWERED', callStart: at('08:03:00') },
  // Another day: neither counted nor a queue of this day.
  { ...answered('x1', '72999', '00:00:00', 3), callStart: '2026-03-03T00:00:00.000Z' },
];

describe('queue intervals', () => {
  const rows = queueIntervals(calls, grid);
  const row = (gateId: string, intervalStart: string) =>
    rows.find((r) => r.gateId === gateId && r.intervalStart === at(intervalStart));

  it('lists every queue seen that day for every interval of the day', () => {
    expect(rows).toHaveLength(3 * 48);
    expect([...new Set(rows.map((r) => r.gateId))]).toEqual(['72992', '72993', '81001']);
    expect(rows.slice(0, 2).map((r) => r.intervalStart)).toEqual([at('00:00:00'), at('00:30:00')]);
  });

  it('counts each call in the interval of its start, by how it ended', () => {
    expect(row('72992', '08:00:00')).toEqual({
      gateId: '72992',
      gateName: 'My Queue',
      callType: 'ACD',
      intervalStart: at('08:00:00'),
      localStart: '2026-03-02T08:00:00+00:00',
      offered: 5,
      answered: 3,
      abandoned: 1,
      otherEnded: 1,
      answeredWithinThreshold: 1,
      serviceLevelPercent: 25,
      averageQueueSeconds: 17.5,
      averageTalkSeconds: 150,
      averageAfterCallWorkSeconds: 10,
      averageHandleSeconds: 160,
    });
  });

  it('keeps two queues of one interval apart', () => {
    expect(row('72993', '08:00:00')).toMatchObject({
      gateName: 'Billing',
      offered: 1,
      answered: 1,
      answeredWithinThreshold: 1,
      serviceLevelPercent: 100,
      averageQueueSeconds: 20,
      averageHandleSeconds: 61,
    });
  });

  it('rounds to one decimal and leaves out averages nothing counts for', () => {
    const figures = row('72993', '09:00:00');
    expect(figures).toMatchObject({ offered: 3, averageQueueSeconds: 1.3 });
    expect(figures).not.toHaveProperty('averageTalkSeconds');
    expect(figures).not.toHaveProperty('averageHandleSeconds');
  });

  it('gives zero rows without percent or averages', () => {
    expect(row('72992', '10:00:00')).toEqual({
      gateId: '72992',
      gateName: 'My Queue',
      callType: 'ACD',
      intervalStart: at('10:00:00'),
      localStart: '2026-03-02T10:00:00+00:00',
      offered: 0,
      answered: 0,
      abandoned: 0,
      otherEnded: 0,
      answeredWithinThreshold: 0,
    });
  });

  it('lists an outbound campaign as its own gate with its call type', () => {
    expect(row('81001', '09:00:00')).toMatchObject({
      callType: 'VPD',
      offered: 1,
      answered: 0,
      otherEnded: 1,
    });
    expect(row('81001', '09:00:00')).not.toHaveProperty('serviceLevelPercent');
  });

  it('takes the service level threshold as a parameter', () => {
    const wider = queueIntervals(calls, grid, 30).find(
      (r) => r.gateId === '72992' && r.intervalStart === at('08:00:00'),
    );
    expect(wider).toMatchObject({ answeredWithinThreshold: 2, serviceLevelPercent: 50 });
    expect(() => queueIntervals(calls, grid, -1)).toThrow(InvalidParameter);
    expect(() => queueIntervals(calls, grid, Number.NaN)).toThrow(
      expect.objectContaining({ parameter: 'serviceLevelSeconds' }),
    );
  });
});
