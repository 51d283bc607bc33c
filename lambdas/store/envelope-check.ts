import type { Envelope } from '../events/envelope';
import { CALL_TYPES, SCHEMA_VERSION } from '../events/kinds';

/**
 * The envelope schema (`events/envelope.ts`) as plain checks, which decide the normal case
 * without zod: building the zod schema is the largest part of the store's cold start (about
 * 2 ms), and every message ingest writes passes. A check passes only what the schema passes,
 * and only with keys the schema knows (it would strip others), so a passing message is exactly
 * what the schema would return. Everything else goes to the schema, which decides and names the
 * invalid fields. The unit tests hold the checks to the schema on every envelope the contract
 * makes and on mutations of them.
 */
type Check = (value: unknown) => boolean;
type Shape = Readonly<Record<string, Check>>;

const isRecord = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const text: Check = (value) => typeof value === 'string' && value.length > 0;
const anyText: Check = (value) => typeof value === 'string';
const flag: Check = (value) => typeof value === 'boolean';
const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;
const oneOf =
  (...values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);
const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
/** An ISO-8601 UTC time with milliseconds, as `toISOString` writes it (and only real dates). */
const isoUtc: Check = (value) =>
  typeof value === 'string' &&
  value.length === 24 &&
  !Number.isNaN(Date.parse(value)) &&
  new Date(value).toISOString() === value;
/** Parsed JSON: any object is a record of JSON values. */
const jsonRecord: Check = isRecord;

function fields(shape: Shape): Check {
  const entries = Object.entries(shape);
  return (value) => {
    if (!isRecord(value)) return false;
    for (const key of Object.keys(value)) if (!Object.hasOwn(shape, key)) return false;
    for (const [key, check] of entries) if (!check(value[key])) return false;
    return true;
  };
}

const optionalText = optional(text);
const optionalCount = optional(count);
const occurrence = {
  localTime: text,
  timeZone: text,
  occurredAtAmbiguous: optional(oneOf(true)),
  occurredAtShifted: optional(oneOf(true)),
  extra: jsonRecord,
};
const agentIdentity = {
  accountId: text,
  agentId: text,
  agentLoginId: text,
  externalAgentId: optionalText,
  username: optionalText,
  agentPhone: optionalText,
  sourceIp: optionalText,
};
const sessionData = fields({ ...agentIdentity, duration: optionalCount, ...occurrence });
const stateData = fields({
  ...agentIdentity,
  state: text,
  auxState: anyText,
  prevState: text,
  prevAuxState: anyText,
  customState: flag,
  duration: optionalCount,
  pendingDisposition: optional(flag),
  callId: optionalText,
  callSourceId: optionalText,
  callSourceName: optionalText,
  dnis: optionalText,
  callType: optionalText,
  ...occurrence,
});
const callData = fields({
  accountId: text,
  callId: text,
  callType: oneOf(...CALL_TYPES),
  direction: oneOf('inbound', 'outbound'),
  callState: text,
  callStart: isoUtc,
  callDuration: optionalCount,
  queueDuration: optionalCount,
  gateId: optionalText,
  gateName: optionalText,
  dnis: optionalText,
  ani: optionalText,
  agentId: optionalText,
  externalAgentId: optionalText,
  username: optionalText,
  recordingUrl: optionalText,
  agentDisposition: optionalText,
  ...occurrence,
});
const envelopeBase = {
  schemaVersion: oneOf(SCHEMA_VERSION),
  eventId: (value: unknown) => typeof value === 'string' && /^[0-9a-f]{32}$/.test(value),
  occurredAt: isoUtc,
  sequence: count,
  receivedAt: isoUtc,
  accountId: text,
  transport: fields({
    encoding: oneOf('json', 'query', 'form'),
    route: optional(anyText),
    batchIndex: optionalCount,
  }),
  raw: jsonRecord,
};
const agentKeys = { agentId: text, agentLoginId: text };
const byKind: Readonly<Record<string, Check>> = {
  'agent.login': fields({ ...envelopeBase, ...agentKeys, kind: anyText, data: sessionData }),
  'agent.logout': fields({ ...envelopeBase, ...agentKeys, kind: anyText, data: sessionData }),
  'agent.state': fields({
    ...envelopeBase,
    ...agentKeys,
    kind: anyText,
    callId: optionalText,
    data: stateData,
  }),
  'call.ended': fields({
    ...envelopeBase,
    agentId: optionalText,
    kind: anyText,
    callId: text,
    data: callData,
  }),
};

export function isPlainEnvelope(value: unknown): value is Envelope {
  if (!isRecord(value) || typeof value.kind !== 'string') return false;
  return Object.hasOwn(byKind, value.kind) && (byKind[value.kind] as Check)(value);
}
