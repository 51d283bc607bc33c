import type { z } from 'zod';
import { isDocumentedBaseState } from './base-states';
import { type CanonicalFields, canonicalFields, isFieldObject } from './canonical';
import { classify } from './classify';
import type { Encoding } from './decode';
import { type Envelope, type EventKind, SCHEMA_VERSION, type Transport } from './envelope';
import { eventIdOf } from './event-id';
import { type Issue, issue } from './issues';
import { parseWallTime, type ResolvedInstant, resolveInstant } from './local-time';
import { sessionSequence, stateSequence } from './sequence';
import { type TimeZoneConfig, zoneForAccount } from './time-zones';
import {
  type CallFields,
  callFieldsSchema,
  knownFields,
  type SessionFields,
  type StateFields,
  sessionFieldsSchema,
  stateFieldsSchema,
} from './vendor-fields';

export interface InterpretContext {
  receivedAt: Date;
  timeZones: TimeZoneConfig;
  transport: { encoding: Encoding; route?: string; batchIndex?: number };
}

export type Interpreted =
  | { ok: true; event: Envelope }
  | { ok: false; reason: 'unclassifiable' | 'invalid'; error: string; issues: Issue[] };

/**
 * Turns one event's fields, as the sender put them, into the normalized envelope: classify by
 * shape, validate every field (all problems reported at once), normalize names, numbers and
 * time, and derive the content id. Pure and total: it never throws on any input.
 */
export function interpretRecord(record: unknown, context: InterpretContext): Interpreted {
  const prefix =
    context.transport.batchIndex === undefined ? '' : `[${context.transport.batchIndex}].`;
  if (!isFieldObject(record)) {
    return refuse('invalid', 'event is not an object of fields', prefix, [
      issue('', 'expected an object of event fields'),
    ]);
  }
  const fields = canonicalFields(record);
  const classified = classify(fields);
  if (!classified.ok) return refuse('unclassifiable', classified.error, prefix, classified.issues);

  const common = { fields, record, context, kind: classified.kind };
  switch (classified.kind) {
    case 'agent.login':
    case 'agent.logout':
      return withSchema(sessionFieldsSchema, common, prefix, (parsed) =>
        sessionEnvelope(parsed, common),
      );
    case 'agent.state':
      return withSchema(stateFieldsSchema, common, prefix, (parsed) =>
        stateEnvelope(parsed, common),
      );
    case 'call.ended':
      return withSchema(callFieldsSchema, common, prefix, (parsed) => callEnvelope(parsed, common));
  }
}

interface Common {
  fields: CanonicalFields;
  record: Record<string, unknown>;
  context: InterpretContext;
  kind: EventKind;
}

function withSchema<S extends z.ZodType>(
  schema: S,
  common: Common,
  prefix: string,
  build: (parsed: z.output<S>) => Envelope,
): Interpreted {
  const result = schema.safeParse(common.fields);
  if (!result.success) {
    const issues = result.error.issues.map((problem) =>
      issue(problem.path.map(String).join('.'), problem.message),
    );
    const names = issues.map((problem) => problem.path).join(', ');
    return refuse('invalid', `invalid ${common.kind} event: ${names}`, prefix, issues);
  }
  return { ok: true, event: build(result.data) };
}

function refuse(
  reason: 'unclassifiable' | 'invalid',
  error: string,
  prefix: string,
  issues: Issue[],
): Interpreted {
  return {
    ok: false,
    reason,
    error,
    issues: prefix === '' ? issues : issues.map((i) => issue(`${prefix}${i.path}`, i.message)),
  };
}

/** What every kind shares; spread in envelope field order around the kind-specific parts. */
function envelopeParts(common: Common, accountId: string, localTime: string) {
  const { context, fields, record } = common;
  const wall = parseWallTime(localTime);
  // The schema already refused unreadable times, so `wall` is always defined here.
  const instant = resolveInstant(
    wall as NonNullable<typeof wall>,
    zoneForAccount(context.timeZones, accountId),
  );
  const occurredAt = new Date(instant.epochMs).toISOString();
  return {
    head: { schemaVersion: SCHEMA_VERSION, eventId: eventIdOf(fields) },
    time: { occurredAt, receivedAt: context.receivedAt.toISOString(), accountId },
    tail: { transport: transportOf(context), raw: record as Envelope['raw'] },
    occurrence: occurrenceData(localTime, instant),
    extra: extraFields(fields, record, common.kind),
  };
}

function transportOf(context: InterpretContext): Transport {
  const { encoding, route, batchIndex } = context.transport;
  return withoutUndefined({ encoding, route, batchIndex });
}

function occurrenceData(localTime: string, instant: ResolvedInstant) {
  return withoutUndefined({
    localTime,
    timeZone: instant.timeZone,
    occurredAtAmbiguous: instant.ambiguous,
    occurredAtShifted: instant.shifted,
  });
}

function extraFields(fields: CanonicalFields, record: Record<string, unknown>, kind: EventKind) {
  const known =
    kind === 'agent.state'
      ? knownFields.state
      : kind === 'call.ended'
        ? knownFields.call
        : knownFields.session;
  const extra: [string, unknown][] = [];
  for (const key of Object.keys(fields)) {
    if (!known.has(key)) {
      const value = fields[key];
      extra.push([key, value !== null && typeof value === 'object' ? record[key] : value]);
    }
  }
  return Object.fromEntries(extra) as Envelope['raw'];
}

function sessionEnvelope(parsed: SessionFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.date_time);
  const kind = common.kind as 'agent.login' | 'agent.logout';
  const agent = { agentId: parsed.agent_id, agentLoginId: parsed.agent_login_id };
  const data = withoutUndefined({
    ...agentIdentity(parsed),
    duration: parsed.duration,
    ...parts.occurrence,
    extra: parts.extra,
  });
  const sequence = sessionSequence(kind);
  return kind === 'agent.login'
    ? { ...parts.head, kind, ...parts.time, sequence, ...agent, ...parts.tail, data }
    : { ...parts.head, kind, ...parts.time, sequence, ...agent, ...parts.tail, data };
}

function stateEnvelope(parsed: StateFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.date_time);
  return withoutUndefined({
    ...parts.head,
    kind: 'agent.state',
    ...parts.time,
    sequence: stateSequence(parsed.prev_state, parsed.event_type),
    agentId: parsed.agent_id,
    agentLoginId: parsed.agent_login_id,
    callId: parsed.call_id,
    ...parts.tail,
    data: withoutUndefined({
      ...agentIdentity(parsed),
      state: parsed.event_type,
      auxState: parsed.event_aux_type,
      prevState: parsed.prev_state,
      prevAuxState: parsed.prev_aux_state,
      customState: !isDocumentedBaseState(parsed.event_type),
      duration: parsed.duration,
      pendingDisposition: parsed.pending_disp,
      callId: parsed.call_id,
      callSourceId: parsed.call_source_id,
      callSourceName: parsed.call_source_name,
      dnis: parsed.dnis,
      callType: parsed.call_type,
      ...parts.occurrence,
      extra: parts.extra,
    }),
  });
}

function callEnvelope(parsed: CallFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.call_start);
  return withoutUndefined({
    ...parts.head,
    kind: 'call.ended',
    ...parts.time,
    sequence: sessionSequence('call.ended'),
    agentId: parsed.agent_id,
    callId: parsed.call_id,
    ...parts.tail,
    data: withoutUndefined({
      accountId: parsed.account_id,
      callId: parsed.call_id,
      callType: parsed.event_type,
      direction: parsed.event_type === 'ACD' ? 'inbound' : 'outbound',
      callState: parsed.call_state,
      callStart: parts.time.occurredAt,
      callDuration: parsed.call_duration,
      queueDuration: parsed.queue_duration,
      gateId: parsed.gate_id,
      gateName: parsed.gate_name,
      dnis: parsed.dnis,
      ani: parsed.ani,
      agentId: parsed.agent_id,
      externalAgentId: parsed.external_agent_id,
      username: parsed.username,
      recordingUrl: parsed.recording_url,
      agentDisposition: parsed.agent_disposition,
      ...parts.occurrence,
      extra: parts.extra,
    }),
  });
}

function agentIdentity(parsed: SessionFields) {
  return {
    accountId: parsed.account_id,
    agentId: parsed.agent_id,
    agentLoginId: parsed.agent_login_id,
    externalAgentId: parsed.external_agent_id,
    username: parsed.username,
    agentPhone: parsed.agent_phone,
    sourceIp: parsed.source_ip,
  };
}

/** Optional fields are absent, never `undefined`, so every encoding serializes identically. */
function withoutUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) delete value[key];
  }
  return value;
}
