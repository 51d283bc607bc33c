import { isFieldObject } from '../events/canonical';
import type { Envelope } from '../events/envelope';
import { ENVELOPE_FIELDS as FIELDS, type FieldRule } from '../events/envelope-fields';
import { isoUtc } from '../events/iso-time';
import { CALL_TYPES, SCHEMA_VERSION } from '../events/kinds';

/**
 * The envelope schema as plain checks, built from the same field lists
 * (`events/envelope-fields.ts`), which decide the normal case without zod: building the zod
 * schema is the largest part of the store's cold start (about 2 ms), and every message ingest
 * writes passes. A check passes only what the schema passes, and only with keys the schema
 * knows (it would strip others), so a passing message holds the values the schema would return.
 * Everything else goes to the schema, which decides and names the invalid fields. The unit
 * tests hold the checks to the schema on every envelope the contract makes and on mutations.
 */
type Check = (value: unknown) => boolean;

const optional =
  (check: Check): Check =>
  (value) =>
    value === undefined || check(value);
const oneOf =
  (...values: readonly unknown[]): Check =>
  (value) =>
    values.includes(value);

/** What JSON.parse gives is JSON, but for numbers too large to be finite (`1e999`). */
const isJson = (value: unknown): boolean =>
  typeof value === 'number'
    ? Number.isFinite(value)
    : typeof value !== 'object' || value === null || Object.values(value).every(isJson);

/** Only real dates, written as `toISOString` writes them. */
const isIsoUtc: Check = (value) => {
  if (typeof value !== 'string' || value.length !== 24) return false;
  const epochMs = Date.parse(value);
  return !Number.isNaN(epochMs) && isoUtc(epochMs) === value;
};

const text: Check = (value) => typeof value === 'string' && value.length > 0;
const anyText: Check = (value) => typeof value === 'string';
const flag: Check = (value) => typeof value === 'boolean';
const count: Check = (value) => Number.isSafeInteger(value) && (value as number) >= 0;

const CHECKS: Readonly<Record<FieldRule, Check>> = {
  text,
  optionalText: optional(text),
  anyText,
  optionalAnyText: optional(anyText),
  flag,
  optionalFlag: optional(flag),
  optionalTrue: optional(oneOf(true)),
  count,
  optionalCount: optional(count),
  isoUtc: isIsoUtc,
  jsonRecord: (value) => isFieldObject(value) && Object.values(value).every(isJson),
  schemaVersion: oneOf(SCHEMA_VERSION),
  eventId: (value) => typeof value === 'string' && /^[0-9a-f]{32}$/.test(value),
  callType: oneOf(...CALL_TYPES),
  direction: oneOf('inbound', 'outbound'),
  encoding: oneOf('json', 'query', 'form'),
};

/** An object with exactly these fields (absent optional ones aside), each passing its check. */
function object(...parts: Readonly<Record<string, FieldRule | Check>>[]): Check {
  const entries = parts.flatMap((part) =>
    Object.entries(part).map(
      ([name, rule]) => [name, typeof rule === 'string' ? CHECKS[rule] : rule] as const,
    ),
  );
  const known = new Set(entries.map(([name]) => name));
  return (value) => {
    if (!isFieldObject(value)) return false;
    for (const name of Object.keys(value)) if (!known.has(name)) return false;
    for (const [name, check] of entries) if (!check(value[name])) return false;
    return true;
  };
}

/** One kind's envelope: the shared fields, then the kind's own. */
const kindOf = (...parts: Readonly<Record<string, FieldRule | Check>>[]) =>
  object(FIELDS.head, { transport: object(FIELDS.transport) }, FIELDS.raw, ...parts);
const sessionEnvelope = kindOf(FIELDS.agentKeys, {
  kind: anyText,
  data: object(FIELDS.sessionData),
});

const BY_KIND: Readonly<Record<string, Check>> = {
  'agent.login': sessionEnvelope,
  'agent.logout': sessionEnvelope,
  'agent.state': kindOf(FIELDS.agentKeys, FIELDS.stateCall, {
    kind: anyText,
    data: object(FIELDS.stateData),
  }),
  'call.ended': kindOf(FIELDS.callAgent, FIELDS.callId, {
    kind: anyText,
    data: object(FIELDS.callData),
  }),
};

export function isPlainEnvelope(value: unknown): value is Envelope {
  if (!isFieldObject(value) || typeof value.kind !== 'string') return false;
  return Object.hasOwn(BY_KIND, value.kind) && (BY_KIND[value.kind] as Check)(value);
}
