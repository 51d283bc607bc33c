import * as z from 'zod/mini';

import { CALL_TYPES, type EventKind, SCHEMA_VERSION } from './kinds';

/**
 * The normalized, versioned event that ingest puts on the events queue. This schema is the
 * published contract for queue subscribers (generated into `schemas/`); the TypeScript types
 * are inferred from it, never written twice. Ingest only needs the types: it imports this
 * module as types, so building the schema costs its cold start nothing. The store decides with
 * plain checks held to this schema (`store/envelope-check.ts`) and loads it only to word a refusal.
 */
export { CALL_TYPES, EVENT_KINDS, type EventKind, SCHEMA_VERSION } from './kinds';

const isoUtc = z.iso.datetime({ offset: false, precision: 3 });
const text = z.string().check(z.minLength(1));
const seconds = z.int().check(z.minimum(0));
/** One instance per optional wrapper, shared by every field that uses it (fewer to build). */
const optionalText = z.optional(text);
const optionalSeconds = z.optional(seconds);

/** Any JSON value, as received: raw fields and unknown extras are kept verbatim. */
const received = z.record(z.string(), z.json());

/** How the sender's zone-less local time was turned into `occurredAt`. */
const occurrence = {
  /** `date_time` / `call_start` exactly as sent. */
  localTime: text,
  /** IANA zone the local time was read in (per account, else `SOURCE_TIME_ZONE`). */
  timeZone: text,
  /** The local time fell in the repeated hour of a DST fall-back; the earlier instant was used. */
  occurredAtAmbiguous: z.optional(z.literal(true)),
  /** The local time fell in the skipped hour of a DST spring-forward; it was shifted forward. */
  occurredAtShifted: z.optional(z.literal(true)),
  /** Fields the vendor does not document, kept verbatim. */
  extra: received,
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

export const sessionDataSchema = z.object({
  ...agentIdentity,
  /** As reported: seconds logged in (logout), usually 0 on login. */
  duration: optionalSeconds,
  ...occurrence,
});

export const stateDataSchema = z.object({
  ...agentIdentity,
  /** The base state the agent is now in (`event_type`), verbatim. */
  state: text,
  /** The name the agent sees (`event_aux_type`), verbatim; may be empty. */
  auxState: z.string(),
  prevState: text,
  prevAuxState: z.string(),
  /** True when `state` is not one of the vendor's documented base states. */
  customState: z.boolean(),
  /** Seconds spent in the previous state, as reported. */
  duration: optionalSeconds,
  /** `pending_disp` "1": the last call still waits for its disposition. */
  pendingDisposition: z.optional(z.boolean()),
  callId: optionalText,
  callSourceId: optionalText,
  callSourceName: optionalText,
  dnis: optionalText,
  callType: optionalText,
  ...occurrence,
});

export const callDataSchema = z.object({
  accountId: text,
  callId: text,
  /** ACD-CALL (inbound, via a queue) -> ACD; VPD-CALL (outbound dialer) -> VPD. */
  callType: z.enum(CALL_TYPES),
  direction: z.enum(['inbound', 'outbound']),
  /** Upper-cased; ABANDON and ABANDONED both become ABANDONED (`raw` keeps the original). */
  callState: text,
  /** `call_start` as UTC ISO-8601 (same instant as the envelope's `occurredAt`). */
  callStart: isoUtc,
  callDuration: optionalSeconds,
  queueDuration: optionalSeconds,
  gateId: optionalText,
  gateName: optionalText,
  dnis: optionalText,
  ani: optionalText,
  agentId: optionalText,
  externalAgentId: optionalText,
  username: optionalText,
  /** Spaces removed; the recording may only be downloadable 1-2 minutes after the call. */
  recordingUrl: optionalText,
  agentDisposition: optionalText,
  ...occurrence,
});

export const transportSchema = z.object({
  /** Which encoding the sender used: JSON body, URL query string, or form body. */
  encoding: z.enum(['json', 'query', 'form']),
  /** The API route the request came in on, e.g. `/v1/agent-events`. */
  route: z.optional(z.string()),
  /** Position in a JSON-array (batch) body. */
  batchIndex: z.optional(z.int().check(z.minimum(0))),
});

const envelopeBase = {
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** Deterministic hash of the event's content: re-deliveries and re-encodings share it. */
  eventId: z.string().check(z.regex(/^[0-9a-f]{32}$/)),
  /** When it happened, UTC. */
  occurredAt: isoUtc,
  /** Orders events that share one `occurredAt` second (see README, "Same-second order"). */
  sequence: z.int().check(z.minimum(0)),
  /** When ingest received it, UTC. */
  receivedAt: isoUtc,
  accountId: text,
  transport: transportSchema,
  /** The fields exactly as received. */
  raw: received,
};

const agentKeys = { agentId: text, agentLoginId: text };

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
    data: sessionDataSchema,
  }),
  z.object({
    ...envelopeBase,
    ...agentKeys,
    kind: z.literal('agent.state'),
    callId: optionalText,
    data: stateDataSchema,
  }),
  z.object({
    ...envelopeBase,
    agentId: optionalText,
    kind: z.literal('call.ended'),
    callId: text,
    data: callDataSchema,
  }),
]);

export type Envelope = z.infer<typeof envelopeSchema>;
export type SessionData = z.infer<typeof sessionDataSchema>;
export type StateData = z.infer<typeof stateDataSchema>;
export type CallData = z.infer<typeof callDataSchema>;
export type Transport = z.infer<typeof transportSchema>;
export type EnvelopeOf<K extends EventKind> = Extract<Envelope, { kind: K }>;
