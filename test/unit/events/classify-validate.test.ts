import { type Interpreted, interpretRecord } from '../../../lambdas/events';
import { envelopeOf, RECEIVED_AT, UTC_ONLY } from '../../support/contract';
import { vendorEvent } from '../../support/vendor-fixtures';

const interpret = (fields: unknown): Interpreted =>
  interpretRecord(fields, {
    receivedAt: RECEIVED_AT,
    timeZones: UTC_ONLY,
    transport: { encoding: 'json' },
  });

const refusal = (fields: unknown) => {
  const result = interpret(fields);
  if (result.ok) throw new Error('expected a refusal');
  return result;
};

const engaged = vendorEvent('state-4-engaged');
const answered = vendorEvent('call-inbound-answered');
const login = vendorEvent('login');

describe('classifying by shape', () => {
  it('treats anything with prev_state as a state event, whatever event_type says', () => {
    expect(envelopeOf({ ...engaged, event_type: 'LOGIN' }).kind).toBe('agent.state');
    expect(envelopeOf({ ...engaged, event_type: 'Meeting' }).kind).toBe('agent.state');
  });

  it('reads LOGIN and LOGOUT without prev_state as session events, in any case', () => {
    expect(envelopeOf({ ...login, event_type: 'logout' }).kind).toBe('agent.logout');
  });

  it('refuses call-URL event types that are not WFM end-call events', () => {
    for (const eventType of ['ONE-TO-ONE', 'ONE-TO-ONE-OUTBOUND']) {
      const result = refusal({ ...answered, event_type: eventType });
      expect(result.reason).toBe('unclassifiable');
      expect(result.issues).toEqual([
        {
          path: 'event_type',
          message: `"${eventType}" is not a WFM end-call event (expected ACD-CALL or VPD-CALL)`,
        },
      ]);
    }
  });

  it('refuses shapes it cannot tell apart, never guessing', () => {
    expect(refusal({ account_id: '1', agent_id: '2' })).toMatchObject({
      reason: 'unclassifiable',
      issues: [{ path: 'event_type', message: expect.stringContaining('is required') }],
    });
    expect(refusal({ ...login, event_type: 'AVAILABLE' }).reason).toBe('unclassifiable');
    expect(refusal(['not', 'an', 'object']).reason).toBe('invalid');
    expect(refusal('text').issues).toEqual([
      { path: '', message: 'expected an object of event fields' },
    ]);
  });
});

describe('validating fields', () => {
  it('lists every bad field with a human reason', () => {
    const result = refusal({
      ...engaged,
      agent_login_id: null,
      date_time: '2020-02-30 10:00:00',
      duration: '-3',
      pending_disp: 'maybe',
      account_id: 'has space',
    });
    expect(result.reason).toBe('invalid');
    expect(result.issues).toEqual([
      { path: 'account_id', message: 'must be an id: 1-128 characters, no spaces' },
      { path: 'agent_login_id', message: 'is required' },
      { path: 'date_time', message: 'must be a date and time like "2020-06-30 19:44:30"' },
      { path: 'duration', message: 'must be a non-negative number of seconds' },
      { path: 'pending_disp', message: 'must be 0 or 1' },
    ]);
    expect(result.error).toBe(
      'invalid agent.state event: account_id, agent_login_id, date_time, duration, pending_disp',
    );
  });

  it('refuses nested values and oversized text in known fields', () => {
    expect(refusal({ ...login, username: { first: 'a' } }).issues).toEqual([
      { path: 'username', message: 'must be text' },
    ]);
    expect(refusal({ ...login, username: 'x'.repeat(2049) }).issues).toEqual([
      { path: 'username', message: 'must be at most 2048 characters' },
    ]);
  });

  it('accepts numbers sent as numbers and as strings alike', () => {
    const asNumbers = envelopeOf({ ...answered, call_duration: 18, queue_duration: 3.4 });
    expect(asNumbers.data).toMatchObject({ callDuration: 18, queueDuration: 3 });
    expect(asNumbers.eventId).not.toBe(envelopeOf(answered).eventId);
    expect(envelopeOf({ ...answered, call_duration: 18 }).eventId).toBe(
      envelopeOf(answered).eventId,
    );
  });

  it('treats null, empty and "null" ids as absent', () => {
    for (const nothing of [null, '', 'null', '  ']) {
      const event = envelopeOf({ ...engaged, external_agent_id: nothing, call_source_id: nothing });
      const serialized = JSON.parse(JSON.stringify(event.data));
      expect(serialized).not.toHaveProperty('externalAgentId');
      expect(serialized).not.toHaveProperty('callSourceId');
    }
  });
});

describe('tolerating what real traffic sends', () => {
  it('keeps the aux-state zoo verbatim and flags only undocumented base states', () => {
    for (const aux of [
      'RINGING',
      'RNA-STATE',
      'WRAP-UP',
      'OFF-LINE',
      'ON-BREAK',
      'Bathroom Break',
    ]) {
      const event = envelopeOf({ ...engaged, event_aux_type: aux });
      expect(event.data).toMatchObject({ auxState: aux, customState: false });
    }
    expect(envelopeOf({ ...engaged, event_type: 'ON-BREAK' }).data).toMatchObject({
      state: 'ON-BREAK',
      customState: false,
    });
    expect(envelopeOf({ ...engaged, event_type: 'Meeting' }).data).toMatchObject({
      state: 'Meeting',
      customState: true,
    });
  });

  it('keeps an empty aux state empty, never copied from event_type', () => {
    for (const empty of ['', null, undefined]) {
      const event = envelopeOf({ ...engaged, event_aux_type: empty });
      expect(event.data).toMatchObject({ state: 'ENGAGED', auxState: '' });
    }
  });

  it('normalizes pending_disp, call types and ABANDON', () => {
    expect(envelopeOf({ ...engaged, pending_disp: '1' }).data).toMatchObject({
      pendingDisposition: true,
    });
    const abandoned = envelopeOf({ ...answered, call_state: 'ABANDON', event_type: 'vpd-call' });
    expect(abandoned.data).toMatchObject({
      callState: 'ABANDONED',
      callType: 'VPD',
      direction: 'outbound',
    });
    expect(abandoned.raw).toMatchObject({ call_state: 'ABANDON' });
  });

  it('removes the spaces inside recording URLs', () => {
    const event = envelopeOf(answered);
    expect(event.data).toMatchObject({
      recordingUrl: expect.stringMatching(/^https:\/\/\S+-1\.WAV$/),
    });
  });

  it('takes odd usernames as free text', () => {
    for (const username of ['[email protected]', 'rc.guest+15300002_1791@gmail.com', 'agent 7']) {
      expect(envelopeOf({ ...login, username }).data).toMatchObject({ username });
    }
  });

  it('keeps unknown fields under extra, prototype-like names included', () => {
    const fields = JSON.parse(
      JSON.stringify({ ...login, campaign: 'Spring', score: 7 }).replace(
        /}$/,
        ',"__proto__":{"polluted":true},"constructor":"x"}',
      ),
    );
    const event = envelopeOf(fields);
    expect(Object.keys(event.data.extra).sort()).toEqual([
      '__proto__',
      'campaign',
      'constructor',
      'score',
    ]);
    expect(event.data.extra.campaign).toBe('Spring');
    expect(event.data.extra.score).toBe('7');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
