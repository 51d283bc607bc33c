import type * as z from 'zod/mini';
import { isDocumentedBaseState } from './base-states';
import { type CanonicalFields, canonicalFields, isFieldObject } from './canonical';
import { classify } from './classify';
import type { Encoding } from './decode';
import type { Envelope, Transport } from './envelope';
import { eventIdOf } from './event-id';
import { type Issue, issue } from './issues';
import { type EventKind, SCHEMA_VERSION } from './kinds';
import { parseWallTime, resolveInstant } from './local-time';
import { implausibleTimeIssue } from './plausible-time';
import { sessionSequence, stateSequence } from './sequence';
import { type TimeZoneConfig, zoneForAccount } from './time-zones';
import {
  type CallFields,
  callKind,
  callStateOf,
  callTypeOf,
  flagOf,
  recordingUrlOf,
  type SessionFields,
  type StateFields,
  secondsOf,
  sessionKind,
  stateKind,
  type VendorKind,
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
  const classified = classify(record);
  if (!classified.ok) return refuse('unclassifiable', classified.error, prefix, classified.issues);

  const kind = classified.kind;
  switch (kind) {
    case 'agent.login':
    case 'agent.logout':
      return validated(sessionKind, record, kind, context, prefix, sessionEnvelope);
    case 'agent.state':
      return validated(stateKind, record, kind, context, prefix, stateEnvelope);
    case 'call.ended':
      return validated(callKind, record, kind, context, prefix, callEnvelope);
  }
}

interface Common {
  fields: CanonicalFields;
  unknownKeys: string[];
  knownInOrder: readonly string[];
  record: Record<string, unknown>;
  context: InterpretContext;
  kind: EventKind;
}

function validated<S extends z.ZodMiniObject>(
  vendorKind: VendorKind<S>,
  record: Record<string, unknown>,
  kind: EventKind,
  context: InterpretContext,
  prefix: string,
  build: (parsed: z.output<S>, common: Common) => Envelope,
): Interpreted {
  const { fields, unknownKeys } = canonicalFields(
    record,
    vendorKind.knownInOrder,
    vendorKind.known,
  );
  const result = vendorKind.schema.safeParse(fields);
  if (!result.success) {
    const issues = result.error.issues.map((problem) =>
      issue(problem.path.map(String).join('.'), problem.message),
    );
    const names = issues.map((problem) => problem.path).join(', ');
    return refuse('invalid', `invalid ${kind} event: ${names}`, prefix, issues);
  }
  const common = {
    fields,
    unknownKeys,
    knownInOrder: vendorKind.knownInOrder,
    record,
    context,
    kind,
  };
  // Passing the schema means the canonical fields already are its output: it transforms nothing.
  const event = build(fields as z.output<S>, common);
  const implausible = implausibleTimeIssue(
    event.occurredAt,
    event.data.localTime,
    context.receivedAt,
    kind === 'call.ended' ? 'call_start' : 'date_time',
  );
  if (implausible !== undefined) {
    return refuse('invalid', `invalid ${kind} event: ${implausible.path}`, prefix, [implausible]);
  }
  return { ok: true, event };
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

/** What every kind shares, computed once per event. */
function envelopeParts(common: Common, accountId: string, localTime: string) {
  const { context, fields, unknownKeys, record } = common;
  const wall = parseWallTime(localTime);
  // The schema already refused unreadable times, so `wall` is always defined here.
  const instant = resolveInstant(
    wall as NonNullable<typeof wall>,
    zoneForAccount(context.timeZones, accountId),
  );
  return {
    eventId: eventIdOf(fields, common.knownInOrder, unknownKeys),
    occurredAt: new Date(instant.epochMs).toISOString(),
    receivedAt: context.receivedAt.toISOString(),
    transport: transportOf(context),
    raw: record as Envelope['raw'],
    localTime,
    timeZone: instant.timeZone,
    occurredAtAmbiguous: instant.ambiguous,
    occurredAtShifted: instant.shifted,
    extra: extraFields(fields, record, unknownKeys),
  };
}

function transportOf(context: InterpretContext): Transport {
  const { encoding, route, batchIndex } = context.transport;
  const transport: Transport = { encoding };
  if (route !== undefined) transport.route = route;
  if (batchIndex !== undefined) transport.batchIndex = batchIndex;
  return transport;
}

/** Fields the kind does not know, kept: canonical text, or nested JSON as received. */
function extraFields(
  fields: CanonicalFields,
  record: Record<string, unknown>,
  unknownKeys: readonly string[],
): Envelope['raw'] {
  if (unknownKeys.length === 0) return {};
  return Object.fromEntries(
    unknownKeys.map((key) => {
      const value = fields[key];
      return [key, value !== null && typeof value === 'object' ? record[key] : value];
    }),
  ) as Envelope['raw'];
}

/*
 * The builders below write every field, optional ones as `undefined` (never null or ""), in
 * envelope order. `undefined` disappears when the envelope is serialized for the queue; object
 * literals of one fixed shape keep this hot path fast.
 */

function sessionEnvelope(parsed: SessionFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.date_time);
  const kind = common.kind as 'agent.login' | 'agent.logout';
  const envelope = {
    schemaVersion: SCHEMA_VERSION,
    eventId: parts.eventId,
    kind,
    occurredAt: parts.occurredAt,
    sequence: sessionSequence(kind),
    receivedAt: parts.receivedAt,
    accountId: parsed.account_id,
    agentId: parsed.agent_id,
    agentLoginId: parsed.agent_login_id,
    transport: parts.transport,
    data: {
      accountId: parsed.account_id,
      agentId: parsed.agent_id,
      agentLoginId: parsed.agent_login_id,
      externalAgentId: parsed.external_agent_id ?? undefined,
      username: parsed.username ?? undefined,
      agentPhone: parsed.agent_phone ?? undefined,
      sourceIp: parsed.source_ip ?? undefined,
      duration: secondsOf(parsed.duration),
      localTime: parts.localTime,
      timeZone: parts.timeZone,
      occurredAtAmbiguous: parts.occurredAtAmbiguous,
      occurredAtShifted: parts.occurredAtShifted,
      extra: parts.extra,
    },
    raw: parts.raw,
  };
  return kind === 'agent.login' ? { ...envelope, kind } : { ...envelope, kind };
}

function stateEnvelope(parsed: StateFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.date_time);
  const callId = parsed.call_id ?? undefined;
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId: parts.eventId,
    kind: 'agent.state',
    occurredAt: parts.occurredAt,
    sequence: stateSequence(parsed.prev_state, parsed.event_type),
    receivedAt: parts.receivedAt,
    accountId: parsed.account_id,
    agentId: parsed.agent_id,
    agentLoginId: parsed.agent_login_id,
    callId,
    transport: parts.transport,
    data: {
      accountId: parsed.account_id,
      agentId: parsed.agent_id,
      agentLoginId: parsed.agent_login_id,
      externalAgentId: parsed.external_agent_id ?? undefined,
      username: parsed.username ?? undefined,
      agentPhone: parsed.agent_phone ?? undefined,
      sourceIp: parsed.source_ip ?? undefined,
      state: parsed.event_type,
      auxState: parsed.event_aux_type ?? '',
      prevState: parsed.prev_state,
      prevAuxState: parsed.prev_aux_state ?? '',
      customState: !isDocumentedBaseState(parsed.event_type),
      duration: secondsOf(parsed.duration),
      pendingDisposition: flagOf(parsed.pending_disp),
      callId,
      callSourceId: parsed.call_source_id ?? undefined,
      callSourceName: parsed.call_source_name ?? undefined,
      dnis: parsed.dnis ?? undefined,
      callType: parsed.call_type ?? undefined,
      localTime: parts.localTime,
      timeZone: parts.timeZone,
      occurredAtAmbiguous: parts.occurredAtAmbiguous,
      occurredAtShifted: parts.occurredAtShifted,
      extra: parts.extra,
    },
    raw: parts.raw,
  };
}

function callEnvelope(parsed: CallFields, common: Common): Envelope {
  const parts = envelopeParts(common, parsed.account_id, parsed.call_start);
  const callType = callTypeOf(parsed.event_type);
  const agentId = parsed.agent_id ?? undefined;
  return {
    schemaVersion: SCHEMA_VERSION,
    eventId: parts.eventId,
    kind: 'call.ended',
    occurredAt: parts.occurredAt,
    sequence: sessionSequence('call.ended'),
    receivedAt: parts.receivedAt,
    accountId: parsed.account_id,
    agentId,
    callId: parsed.call_id,
    transport: parts.transport,
    data: {
      accountId: parsed.account_id,
      callId: parsed.call_id,
      callType,
      direction: callType === 'ACD' ? 'inbound' : 'outbound',
      callState: callStateOf(parsed.call_state),
      callStart: parts.occurredAt,
      callDuration: secondsOf(parsed.call_duration),
      queueDuration: secondsOf(parsed.queue_duration),
      gateId: parsed.gate_id ?? undefined,
      gateName: parsed.gate_name ?? undefined,
      dnis: parsed.dnis ?? undefined,
      ani: parsed.ani ?? undefined,
      agentId,
      externalAgentId: parsed.external_agent_id ?? undefined,
      username: parsed.username ?? undefined,
      recordingUrl: recordingUrlOf(parsed.recording_url),
      agentDisposition: parsed.agent_disposition ?? undefined,
      localTime: parts.localTime,
      timeZone: parts.timeZone,
      occurredAtAmbiguous: parts.occurredAtAmbiguous,
      occurredAtShifted: parts.occurredAtShifted,
      extra: parts.extra,
    },
    raw: parts.raw,
  };
}
