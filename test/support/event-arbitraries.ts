import fc from 'fast-check';

/**
 * fast-check arbitraries for realistic sender payloads: every kind, the sender's quirks (numbers
 * as strings or numbers, null / empty optional ids, custom and zoo aux states, unknown extras).
 */
const digits = (min: number, max: number) =>
  fc.stringMatching(new RegExp(`^[1-9][0-9]{${min - 1},${max - 1}}$`));

// Within the plausible range however they are received: from 2000 (the earliest time taken)
// to the contract tests' receipt time (RECEIVED_AT); the integration tests receive them now.
const localTime = fc
  .date({
    min: new Date('2000-01-02T00:00:00Z'),
    max: new Date('2020-07-15T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((date) => date.toISOString().slice(0, 19).replace('T', ' '));

const seconds = fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.nat({ max: 100_000 }));

/** A value the sender may use for "nothing": JSON null, empty text, or the text "null". */
const nothing = fc.constantFrom(null, '', 'null');
const maybe = <T>(value: fc.Arbitrary<T>) =>
  fc.option(fc.oneof(value, nothing), { nil: undefined, freq: 3 });

const freeText = fc.string({ minLength: 1, maxLength: 40 }).filter((text) => {
  const trimmed = text.trim();
  return trimmed !== '' && trimmed !== 'null';
});

const baseStates = fc.constantFrom(
  'AVAILABLE',
  'ON BREAK',
  'AWAY',
  'LUNCH',
  'TRAINING',
  'ENGAGED',
  'WORKING',
  'TRANSITION',
);
const stateName = fc.oneof(baseStates, fc.constantFrom('ON-BREAK', 'Meeting', 'RNA-STATE'));
const auxState = fc.oneof(
  fc.constantFrom('', 'Available', 'RINGING', 'WRAP-UP', 'OFF-LINE', 'Bathroom Break', 'Follow-Up'),
  freeText,
);

const extras = fc.dictionary(
  fc.stringMatching(/^x_[a-z]{1,8}$/),
  fc.oneof(freeText, fc.integer({ min: 0, max: 999 }).map(String)),
  { maxKeys: 2 },
);

const agentFields = {
  account_id: digits(6, 9),
  agent_id: digits(5, 8),
  agent_login_id: digits(8, 10),
  external_agent_id: maybe(digits(3, 6)),
  username: maybe(fc.emailAddress()),
  agent_phone: maybe(fc.constantFrom('16505550100*1212@RC_SOFTPHONE', '+14155550123')),
  source_ip: maybe(fc.ipV4()),
  date_time: localTime,
  duration: seconds,
};

const withoutUndefined = (record: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));

export const sessionEvent = fc
  .record({ ...agentFields, event_type: fc.constantFrom('LOGIN', 'LOGOUT') })
  .chain((event) => extras.map((extra) => withoutUndefined({ ...event, ...extra })));

export const stateEvent = fc
  .record({
    ...agentFields,
    event_type: stateName,
    event_aux_type: fc.oneof(auxState, nothing),
    prev_state: fc.oneof(stateName, fc.constant('LOGIN')),
    prev_aux_state: fc.oneof(auxState, nothing),
    pending_disp: maybe(fc.constantFrom('0', '1')),
    call_id: maybe(digits(20, 30)),
    call_source_id: maybe(digits(3, 6)),
    call_source_name: maybe(freeText),
    dnis: maybe(digits(10, 11)),
    call_type: maybe(fc.constantFrom('ACD', 'VPD')),
  })
  .chain((event) => extras.map((extra) => withoutUndefined({ ...event, ...extra })));

export const callEvent = fc
  .record({
    account_id: digits(6, 9),
    call_id: digits(20, 30),
    event_type: fc.constantFrom('ACD-CALL', 'VPD-CALL'),
    call_start: localTime,
    call_state: fc.constantFrom('ANSWERED', 'ABANDON', 'ABANDONED', 'DEFLECTED', 'MACHINE'),
    call_duration: seconds,
    queue_duration: seconds,
    gate_id: maybe(digits(3, 6)),
    gate_name: maybe(freeText),
    dnis: maybe(digits(10, 11)),
    ani: maybe(digits(10, 11)),
    agent_id: maybe(digits(5, 8)),
    external_agent_id: maybe(digits(3, 6)),
    username: maybe(fc.emailAddress()),
    recording_url: maybe(fc.constantFrom('https://rec.example/a?b=1&  file=2.WAV', '')),
    agent_disposition: maybe(freeText),
  })
  .chain((event) => extras.map((extra) => withoutUndefined({ ...event, ...extra })));

export const anyEvent = fc.oneof(sessionEvent, stateEvent, callEvent);
