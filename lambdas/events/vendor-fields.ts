import { z } from 'zod';
import { parseWallTime } from './local-time';

/**
 * The sender's fields as zod schemas, one object per kind, keyed by the vendor's own names so
 * every rejection names the field the sender knows. Input values are already canonical text
 * (see `canonical.ts`): every value a string, and missing, `null`, `"null"` and `""` all null.
 */

const MAX_TEXT = 2048;
const MAX_LONG_TEXT = 8192;

function message(expected: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === null || issue.input === undefined ? 'is required' : `must be ${expected}`,
  };
}

const id = z
  .string(message('an id'))
  .regex(/^[^\s\p{Cc}]{1,128}$/u, 'must be an id: 1-128 characters, no spaces');

const requiredText = (max: number) =>
  z.string(message('text')).max(max, `must be at most ${max} characters`);

const optionalText = (max: number) =>
  requiredText(max)
    .nullish()
    .transform((value) => value ?? undefined);

const optionalId = id.nullish().transform((value) => value ?? undefined);

/** Aux states are free text and may legitimately be empty; empty stays empty. */
const auxState = optionalText(MAX_TEXT).transform((value) => value ?? '');

const localTime = z
  .string(message('a date and time'))
  .refine(
    (text) => parseWallTime(text) !== undefined,
    'must be a date and time like "2020-06-30 19:44:30"',
  );

const seconds = z
  .string(message('a number of seconds'))
  .regex(/^\d{1,9}(\.\d+)?$/, 'must be a non-negative number of seconds')
  .transform((text) => Math.round(Number(text)))
  .nullish()
  .transform((value) => value ?? undefined);

const zeroOrOne = z
  .string(message('0 or 1'))
  .regex(/^(0|1|true|false)$/i, 'must be 0 or 1')
  .transform((text) => text === '1' || text.toLowerCase() === 'true')
  .nullish()
  .transform((value) => value ?? undefined);

/** Spaces inside a recording URL are an artifact of the sender; the URL works without them. */
const recordingUrl = optionalText(MAX_LONG_TEXT).transform((url) => {
  const compact = url?.replace(/\s+/g, '');
  return compact === '' ? undefined : compact;
});

const agentFields = {
  account_id: id,
  agent_id: id,
  agent_login_id: id,
  external_agent_id: optionalId,
  username: optionalText(MAX_TEXT),
  agent_phone: optionalText(MAX_TEXT),
  source_ip: optionalText(MAX_TEXT),
  event_type: requiredText(MAX_TEXT).min(1, 'is required'),
  date_time: localTime,
  duration: seconds,
};

export const sessionFieldsSchema = z.object(agentFields);

export const stateFieldsSchema = z.object({
  ...agentFields,
  event_aux_type: auxState,
  prev_state: requiredText(MAX_TEXT).min(1, 'is required'),
  prev_aux_state: auxState,
  pending_disp: zeroOrOne,
  call_id: optionalId,
  call_source_id: optionalId,
  call_source_name: optionalText(MAX_TEXT),
  dnis: optionalText(MAX_TEXT),
  call_type: optionalText(MAX_TEXT),
});

const CALL_EVENT_TYPES = { 'ACD-CALL': 'ACD', 'VPD-CALL': 'VPD' } as const;

export const callFieldsSchema = z.object({
  account_id: id,
  call_id: id,
  event_type: z
    .string(message('ACD-CALL or VPD-CALL'))
    .transform((text) => text.toUpperCase())
    .pipe(z.enum(['ACD-CALL', 'VPD-CALL'], 'must be ACD-CALL or VPD-CALL'))
    .transform((eventType) => CALL_EVENT_TYPES[eventType]),
  call_start: localTime,
  call_state: requiredText(64)
    .min(1, 'is required')
    .transform((state) => {
      const upper = state.toUpperCase();
      return upper === 'ABANDON' ? 'ABANDONED' : upper;
    }),
  call_duration: seconds,
  queue_duration: seconds,
  gate_id: optionalId,
  gate_name: optionalText(MAX_TEXT),
  dnis: optionalText(MAX_TEXT),
  ani: optionalText(MAX_TEXT),
  agent_id: optionalId,
  external_agent_id: optionalId,
  username: optionalText(MAX_TEXT),
  recording_url: recordingUrl,
  agent_disposition: optionalText(MAX_LONG_TEXT),
});

export type SessionFields = z.infer<typeof sessionFieldsSchema>;
export type StateFields = z.infer<typeof stateFieldsSchema>;
export type CallFields = z.infer<typeof callFieldsSchema>;

export const knownFields = {
  session: new Set(Object.keys(sessionFieldsSchema.shape)),
  state: new Set(Object.keys(stateFieldsSchema.shape)),
  call: new Set(Object.keys(callFieldsSchema.shape)),
} as const;
