import * as z from 'zod/mini';
import { parseWallTime } from './local-time';

/**
 * The sender's fields as zod schemas, one object per kind, keyed by the vendor's own names so
 * every rejection names the field the sender knows. Input values are already canonical text
 * (see `canonical.ts`): every value a string, and missing, `null`, `"null"` and `""` all null.
 * The schemas only check; turning text into numbers and flags happens after, in `interpret.ts`,
 * because zod transforms cost ten times the checks on this hot path. zod/mini keeps the
 * bundle (and the cold start) small. `vendor-checks.ts` runs the same rules without zod for the
 * events that pass; the schemas word the issues of those that do not.
 */

export const MAX_TEXT = 2048;
export const MAX_LONG_TEXT = 8192;
export const MAX_CALL_STATE = 64;
export const ID_PATTERN = /^[^\s\p{Cc}]{1,128}$/u;
export const SECONDS_PATTERN = /^\d{1,9}(\.\d+)?$/;
export const ZERO_OR_ONE_PATTERN = /^(0|1|true|false)$/i;
export const CALL_EVENT_TYPE_PATTERN = /^(ACD|VPD)-CALL$/i;

function message(expected: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === null || issue.input === undefined ? 'is required' : `must be ${expected}`,
  };
}

const id = z
  .string(message('an id'))
  .check(z.regex(ID_PATTERN, 'must be an id: 1-128 characters, no spaces'));
const optionalId = z.nullish(id);

const text = (max: number) =>
  z.string(message('text')).check(z.maxLength(max, `must be at most ${max} characters`));
const requiredText = (max: number) => text(max).check(z.minLength(1, 'is required'));
const optionalText = (max: number) => z.nullish(text(max));

const localTime = z
  .string(message('a date and time'))
  .check(
    z.refine(
      (value) => parseWallTime(value) !== undefined,
      'must be a date and time like "2020-06-30 19:44:30"',
    ),
  );

const seconds = z.nullish(
  z
    .string(message('a number of seconds'))
    .check(z.regex(SECONDS_PATTERN, 'must be a non-negative number of seconds')),
);

const zeroOrOne = z.nullish(
  z.string(message('0 or 1')).check(z.regex(ZERO_OR_ONE_PATTERN, 'must be 0 or 1')),
);

const agentFields = {
  account_id: id,
  agent_id: id,
  agent_login_id: id,
  external_agent_id: optionalId,
  username: optionalText(MAX_TEXT),
  agent_phone: optionalText(MAX_TEXT),
  source_ip: optionalText(MAX_TEXT),
  event_type: requiredText(MAX_TEXT),
  date_time: localTime,
  duration: seconds,
};

export const sessionFieldsSchema = z.object(agentFields);

export const stateFieldsSchema = z.object({
  ...agentFields,
  event_aux_type: optionalText(MAX_TEXT),
  prev_state: requiredText(MAX_TEXT),
  prev_aux_state: optionalText(MAX_TEXT),
  pending_disp: zeroOrOne,
  call_id: optionalId,
  call_source_id: optionalId,
  call_source_name: optionalText(MAX_TEXT),
  dnis: optionalText(MAX_TEXT),
  call_type: optionalText(MAX_TEXT),
});

export const callFieldsSchema = z.object({
  account_id: id,
  call_id: id,
  event_type: z
    .string(message('ACD-CALL or VPD-CALL'))
    .check(z.regex(CALL_EVENT_TYPE_PATTERN, 'must be ACD-CALL or VPD-CALL')),
  call_start: localTime,
  call_state: requiredText(MAX_CALL_STATE),
  call_duration: seconds,
  queue_duration: seconds,
  gate_id: optionalId,
  gate_name: optionalText(MAX_TEXT),
  dnis: optionalText(MAX_TEXT),
  ani: optionalText(MAX_TEXT),
  agent_id: optionalId,
  external_agent_id: optionalId,
  username: optionalText(MAX_TEXT),
  recording_url: optionalText(MAX_LONG_TEXT),
  agent_disposition: optionalText(MAX_LONG_TEXT),
});

export type SessionFields = z.infer<typeof sessionFieldsSchema>;
export type StateFields = z.infer<typeof stateFieldsSchema>;
export type CallFields = z.infer<typeof callFieldsSchema>;

/** A kind's vendor schema and its field names, sorted for the event id's canonical order. */
export interface VendorKind<S extends z.ZodMiniObject = z.ZodMiniObject> {
  schema: S;
  knownInOrder: readonly string[];
  known: ReadonlySet<string>;
}

function vendorKind<S extends z.ZodMiniObject>(schema: S): VendorKind<S> {
  const knownInOrder = Object.keys(schema.shape).sort();
  return { schema, knownInOrder, known: new Set(knownInOrder) };
}

export const sessionKind = vendorKind(sessionFieldsSchema);
export const stateKind = vendorKind(stateFieldsSchema);
export const callKind = vendorKind(callFieldsSchema);

/** Whole seconds from the sender's numeric text. */
export function secondsOf(value: string | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Math.round(Number(value));
}

export function flagOf(value: string | null | undefined): boolean | undefined {
  return value === null || value === undefined ? undefined : value === '1' || /^true$/i.test(value);
}

/** Upper-cased; the inbound spelling ABANDON and the outbound ABANDONED mean the same. */
export function callStateOf(value: string): string {
  const upper = value.toUpperCase();
  return upper === 'ABANDON' ? 'ABANDONED' : upper;
}

export function callTypeOf(eventType: string): 'ACD' | 'VPD' {
  return eventType.toUpperCase() === 'ACD-CALL' ? 'ACD' : 'VPD';
}

/** Spaces inside a recording URL are an artifact of the sender; the URL works without them. */
export function recordingUrlOf(value: string | null | undefined): string | undefined {
  const compact = value?.replace(/\s+/g, '');
  return compact === '' ? undefined : compact;
}
