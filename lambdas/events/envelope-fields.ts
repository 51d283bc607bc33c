/**
 * The envelope's fields and what each holds: the field lists the zod schema (`envelope.ts`, the
 * published contract) is built from, each field documented where it is named.
 */
export type FieldRule =
  /** A non-empty string. */
  | 'text'
  | 'optionalText'
  /** Any string, empty included. */
  | 'anyText'
  | 'optionalAnyText'
  | 'flag'
  | 'optionalFlag'
  /** Present only when true. */
  | 'optionalTrue'
  /** A whole number >= 0. */
  | 'count'
  | 'optionalCount'
  /** An ISO-8601 UTC time with milliseconds, e.g. `2020-06-30T19:44:30.000Z`. */
  | 'isoUtc'
  /** An object of JSON values, kept verbatim. */
  | 'jsonRecord'
  | 'schemaVersion'
  /** 32 lower-case hex digits. */
  | 'eventId'
  | 'callType'
  | 'direction'
  | 'encoding'
  /** Always `true`. */
  | 'true'
  /** Never present. */
  | 'absent'
  /** `stale` or `reconciled`: why the stack inferred a logout (see `inferred`). */
  | 'inferredReason';

export type Fields = Readonly<Record<string, FieldRule>>;

/** How the sender's zone-less local time was turned into `occurredAt`. */
const OCCURRENCE_FIELDS = {
  /** `date_time` / `call_start` exactly as sent. */
  localTime: 'text',
  /** IANA zone the local time was read in (per account, else `SOURCE_TIME_ZONE`). */
  timeZone: 'text',
  /** The local time fell in the repeated hour of a DST fall-back; the earlier instant was used. */
  occurredAtAmbiguous: 'optionalTrue',
  /** The local time fell in the skipped hour of a DST spring-forward; it was shifted forward. */
  occurredAtShifted: 'optionalTrue',
  /** Fields the vendor does not document, kept verbatim. */
  extra: 'jsonRecord',
} as const satisfies Fields;

const AGENT_IDENTITY_FIELDS = {
  accountId: 'text',
  agentId: 'text',
  agentLoginId: 'text',
  externalAgentId: 'optionalText',
  username: 'optionalText',
  agentPhone: 'optionalText',
  sourceIp: 'optionalText',
} as const satisfies Fields;

const SESSION_DATA_FIELDS = {
  ...AGENT_IDENTITY_FIELDS,
  /** As reported: seconds logged in (logout), usually 0 on login. */
  duration: 'optionalCount',
  ...OCCURRENCE_FIELDS,
} as const satisfies Fields;

/**
 * Added to a logout's data when no sender sent it: the stack closed a session whose LOGOUT
 * never came (README, "Inferred logouts"). `occurredAt` is then the session's last event's
 * time, `raw` is empty and `transport.encoding` is `none`. Logouts only, both or neither.
 */
const INFERRED_LOGOUT_FIELDS = {
  inferred: 'true',
  /** `stale` (no event for STALE_AFTER_HOURS) or `reconciled` (RingCX's agent list). */
  inferredReason: 'inferredReason',
} as const satisfies Fields;

/** A login, or a logout a sender sent, carries neither of the inferred logout's fields. */
const NOT_INFERRED_FIELDS = {
  inferred: 'absent',
  inferredReason: 'absent',
} as const satisfies Fields;

const STATE_DATA_FIELDS = {
  ...AGENT_IDENTITY_FIELDS,
  /** The base state the agent is now in (`event_type`), verbatim. */
  state: 'text',
  /** The name the agent sees (`event_aux_type`), verbatim; may be empty. */
  auxState: 'anyText',
  prevState: 'text',
  prevAuxState: 'anyText',
  /** True when `state` is not one of the vendor's documented base states. */
  customState: 'flag',
  /** Seconds spent in the previous state, as reported. */
  duration: 'optionalCount',
  /** `pending_disp` "1": the last call still waits for its disposition. */
  pendingDisposition: 'optionalFlag',
  callId: 'optionalText',
  callSourceId: 'optionalText',
  callSourceName: 'optionalText',
  dnis: 'optionalText',
  callType: 'optionalText',
  ...OCCURRENCE_FIELDS,
} as const satisfies Fields;

const CALL_DATA_FIELDS = {
  accountId: 'text',
  callId: 'text',
  /** ACD-CALL (inbound, via a queue) -> ACD; VPD-CALL (outbound dialer) -> VPD. */
  callType: 'callType',
  direction: 'direction',
  /** Upper-cased; ABANDON and ABANDONED both become ABANDONED (`raw` keeps the original). */
  callState: 'text',
  /** `call_start` as UTC ISO-8601 (same instant as the envelope's `occurredAt`). */
  callStart: 'isoUtc',
  callDuration: 'optionalCount',
  queueDuration: 'optionalCount',
  gateId: 'optionalText',
  gateName: 'optionalText',
  dnis: 'optionalText',
  ani: 'optionalText',
  agentId: 'optionalText',
  externalAgentId: 'optionalText',
  username: 'optionalText',
  /** Spaces removed; the recording may only be downloadable 1-2 minutes after the call. */
  recordingUrl: 'optionalText',
  agentDisposition: 'optionalText',
  ...OCCURRENCE_FIELDS,
} as const satisfies Fields;

const TRANSPORT_FIELDS = {
  /**
   * Which encoding the sender used: JSON body, URL query string, or form body; `none` for an
   * event no sender sent (an inferred logout).
   */
  encoding: 'encoding',
  /** The API route the request came in on, e.g. `/v1/agent-events`. */
  route: 'optionalAnyText',
  /** Position in a JSON-array (batch) body. */
  batchIndex: 'optionalCount',
} as const satisfies Fields;

/** The envelope's own fields before `transport`, which every kind shares. */
const ENVELOPE_HEAD_FIELDS = {
  schemaVersion: 'schemaVersion',
  /** Deterministic hash of the event's content: re-deliveries and re-encodings share it. */
  eventId: 'eventId',
  /** When it happened, UTC. */
  occurredAt: 'isoUtc',
  /** Orders events that share one `occurredAt` second (see README, "Same-second order"). */
  sequence: 'count',
  /** When ingest received it, UTC. */
  receivedAt: 'isoUtc',
  accountId: 'text',
} as const satisfies Fields;

/** After `transport`: the fields exactly as received. */
const RAW_FIELDS = { raw: 'jsonRecord' } as const satisfies Fields;

/** Top-level keys by kind, around `kind`: the agent's before it; a call's id after it. */
const AGENT_KEY_FIELDS = { agentId: 'text', agentLoginId: 'text' } as const satisfies Fields;
const STATE_CALL_FIELDS = { callId: 'optionalText' } as const satisfies Fields;
const CALL_AGENT_FIELDS = { agentId: 'optionalText' } as const satisfies Fields;
const CALL_ID_FIELDS = { callId: 'text' } as const satisfies Fields;

export const ENVELOPE_FIELDS = {
  head: ENVELOPE_HEAD_FIELDS,
  transport: TRANSPORT_FIELDS,
  raw: RAW_FIELDS,
  agentKeys: AGENT_KEY_FIELDS,
  stateCall: STATE_CALL_FIELDS,
  callAgent: CALL_AGENT_FIELDS,
  callId: CALL_ID_FIELDS,
  sessionData: SESSION_DATA_FIELDS,
  inferredLogout: INFERRED_LOGOUT_FIELDS,
  notInferred: NOT_INFERRED_FIELDS,
  stateData: STATE_DATA_FIELDS,
  callData: CALL_DATA_FIELDS,
} as const;
