import fc from 'fast-check';
import type { CanonicalFields } from '../../../lambdas/events/canonical';
import {
  callKind,
  sessionKind,
  stateKind,
  type VendorKind,
} from '../../../lambdas/events/vendor-fields';

/**
 * Values near every rule's edges: valid and invalid ids, times, numbers and flags, text at and
 * past each length limit, nested JSON, whitespace and control characters.
 */
const edgeText = fc.constantFrom(
  '1',
  '12345',
  'a b',
  'tab\there',
  'x\u0085y',
  '\u00a0',
  'ü',
  '😀',
  '\ud800',
  'x'.repeat(64),
  'x'.repeat(65),
  'x'.repeat(128),
  'x'.repeat(129),
  'x'.repeat(2048),
  'x'.repeat(2049),
  'x'.repeat(8192),
  'x'.repeat(8193),
  '2020-06-30 19:44:30',
  '2020-02-30 10:00:00',
  '2020-06-30T19:44:30.123+02:00',
  '2020-06-30 19:44:30+15:00',
  '2020-06-30 24:00:00',
  '0',
  '1',
  'true',
  'FALSE',
  '2',
  '12.5',
  '1234567890',
  '-1',
  '.5',
  'ACD-CALL',
  'vpd-call',
  'ACD_CALL',
  'AVAILABLE',
);
const anyValue = fc.oneof(
  edgeText,
  fc.string({ maxLength: 20 }),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant({ nested: true }),
  fc.constant([1, 2]),
);

/** A valid event per kind, as canonical fields; each run changes a few of its fields. */
const VALID = {
  session: {
    account_id: '15300002',
    agent_id: '1369900',
    agent_login_id: '612999001',
    event_type: 'LOGIN',
    date_time: '2026-03-02 08:00:00',
    duration: '0',
  },
  state: {
    account_id: '15300002',
    agent_id: '1369900',
    agent_login_id: '612999001',
    event_type: 'AVAILABLE',
    prev_state: 'LOGIN',
    date_time: '2026-03-02 08:00:00',
    pending_disp: '0',
  },
  call: {
    account_id: '15300002',
    call_id: '20260302080000123456',
    event_type: 'ACD-CALL',
    call_start: '2026-03-02 08:00:00',
    call_state: 'ANSWERED',
  },
};

function sameVerdict(kind: VendorKind, valid: Record<string, string>): void {
  const changes = fc.dictionary(fc.constantFrom(...kind.knownInOrder), anyValue, { maxKeys: 3 });
  fc.assert(
    fc.property(changes, (changed) => {
      // Canonical fields carry every known name, null when absent.
      const canonical: Record<string, unknown> = {};
      for (const key of kind.knownInOrder) canonical[key] = valid[key] ?? null;
      Object.assign(canonical, changed);
      expect(kind.passes(canonical as CanonicalFields)).toBe(
        kind.schema.safeParse(canonical).success,
      );
    }),
    { numRuns: 5000 },
  );
}

describe('the plain check of each kind', () => {
  it('pass exactly the session events the zod schema passes', () => {
    sameVerdict(sessionKind, VALID.session);
  });
  it('pass exactly the state events the zod schema passes', () => {
    sameVerdict(stateKind, VALID.state);
  });
  it('pass exactly the end-call events the zod schema passes', () => {
    sameVerdict(callKind, VALID.call);
  });
});
