import * as z from 'zod/mini';
import { ENVELOPE_FIELDS as FIELDS, type FieldRule, type Fields } from './envelope-fields';
import { CALL_TYPES, type EventKind, INFERRED_REASONS, SCHEMA_VERSION } from './kinds';

/**
 * The normalized, versioned event that ingest puts on the events queue. This schema is the
 * published contract for queue subscribers (generated into `schemas/`); the TypeScript types
 * are inferred from it, never written twice. Its fields are listed, with what each means, in
 * `envelope-fields.ts`. Ingest only needs the types: it imports this module as types, so
 * building the schema costs its cold start nothing. The store reads every queue message with it.
 */
export { CALL_TYPES, EVENT_KINDS, type EventKind, SCHEMA_VERSION } from './kinds';

const text = z.string().check(z.minLength(1));
const anyText = z.string();
const flag = z.boolean();
const count = z.int().check(z.minimum(0));
const isoUtc = z.iso.datetime({ offset: false, precision: 3 });

/** One zod schema per rule, shared by every field that has it. */
const RULES = {
  text,
  optionalText: z.optional(text),
  anyText,
  optionalAnyText: z.optional(anyText),
  flag,
  optionalFlag: z.optional(flag),
  optionalTrue: z.optional(z.literal(true)),
  count,
  optionalCount: z.optional(count),
  isoUtc,
  jsonRecord: z.record(z.string(), z.json()),
  schemaVersion: z.literal(SCHEMA_VERSION),
  eventId: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  callType: z.enum(CALL_TYPES),
  direction: z.enum(['inbound', 'outbound']),
  encoding: z.enum(['json', 'query', 'form', 'none']),
  true: z.literal(true),
  absent: z.optional(z.never()),
  inferredReason: z.enum(INFERRED_REASONS),
} as const satisfies Record<FieldRule, z.ZodMiniType>;

type Shape<F extends Fields> = { -readonly [K in keyof F]: (typeof RULES)[F[K]] };

function shape<F extends Fields>(fields: F): Shape<F> {
  return Object.fromEntries(
    Object.entries(fields).map(([name, rule]) => [name, RULES[rule]]),
  ) as Shape<F>;
}

/** A login's data, and a logout's as sent. */
export const sessionDataSchema = z.object({
  ...shape(FIELDS.sessionData),
  ...shape(FIELDS.notInferred),
});
/** A logout's data: as sent, or inferred by the stack with its reason (never one without the other). */
export const logoutDataSchema = z.union([
  sessionDataSchema,
  z.object({ ...shape(FIELDS.sessionData), ...shape(FIELDS.inferredLogout) }),
]);
export const stateDataSchema = z.object(shape(FIELDS.stateData));
export const callDataSchema = z.object(shape(FIELDS.callData));
export const transportSchema = z.object(shape(FIELDS.transport));

const envelopeBase = {
  ...shape(FIELDS.head),
  transport: transportSchema,
  ...shape(FIELDS.raw),
};
const agentKeys = shape(FIELDS.agentKeys);

export const envelopeSchema = z.discriminatedUnion('kind', [
  z.object({
    ...envelopeBase,
    ...agentKeys,
    kind: z.literal('agent.login'),
    data: sessionDataSchema,
  }),
  z.object({
    ...envelopeBase,
    ...agentKeys,
    kind: z.literal('agent.logout'),
    data: logoutDataSchema,
  }),
  z.object({
    ...envelopeBase,
    ...agentKeys,
    kind: z.literal('agent.state'),
    ...shape(FIELDS.stateCall),
    data: stateDataSchema,
  }),
  z.object({
    ...envelopeBase,
    ...shape(FIELDS.callAgent),
    kind: z.literal('call.ended'),
    ...shape(FIELDS.callId),
    data: callDataSchema,
  }),
]);

export type Envelope = z.infer<typeof envelopeSchema>;
export type SessionData = z.infer<typeof sessionDataSchema>;
export type StateData = z.infer<typeof stateDataSchema>;
export type CallData = z.infer<typeof callDataSchema>;
export type Transport = z.infer<typeof transportSchema>;
export type EnvelopeOf<K extends EventKind> = Extract<Envelope, { kind: K }>;
