import type { CanonicalFields, CanonicalValue } from './canonical';
import { parseWallTime } from './local-time';
import {
  CALL_EVENT_TYPE_PATTERN,
  type CallFields,
  ID_PATTERN,
  MAX_CALL_STATE,
  MAX_LONG_TEXT,
  MAX_TEXT,
  SECONDS_PATTERN,
  type SessionFields,
  type StateFields,
  ZERO_OR_ONE_PATTERN,
} from './vendor-fields';

/**
 * The rules of the zod schemas in `vendor-fields.ts`, written as plain checks: whether a kind's
 * canonical fields pass its schema, without building zod's result and issue objects, which cost
 * more than the rest of an event. Only a pass is decided here; an event that fails goes through
 * the schema for its issues, so every rejection is worded by zod alone. The unit tests hold
 * both to the same verdict on generated fields.
 */
type Check = (value: CanonicalValue | undefined) => boolean;

const isNothing = (value: CanonicalValue | undefined) => value === null || value === undefined;

const id: Check = (value) => typeof value === 'string' && ID_PATTERN.test(value);
const optionalId: Check = (value) => isNothing(value) || id(value);

const requiredText =
  (max: number): Check =>
  (value) =>
    typeof value === 'string' && value.length >= 1 && value.length <= max;
const optionalText =
  (max: number): Check =>
  (value) =>
    isNothing(value) || (typeof value === 'string' && value.length <= max);

const localTime: Check = (value) => typeof value === 'string' && parseWallTime(value) !== undefined;

const matchingOrNothing =
  (pattern: RegExp): Check =>
  (value) =>
    isNothing(value) || (typeof value === 'string' && pattern.test(value));
const seconds = matchingOrNothing(SECONDS_PATTERN);
const zeroOrOne = matchingOrNothing(ZERO_OR_ONE_PATTERN);

const agentChecks = {
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

const sessionChecks: Record<keyof SessionFields, Check> = agentChecks;

const stateChecks: Record<keyof StateFields, Check> = {
  ...agentChecks,
  event_aux_type: optionalText(MAX_TEXT),
  prev_state: requiredText(MAX_TEXT),
  prev_aux_state: optionalText(MAX_TEXT),
  pending_disp: zeroOrOne,
  call_id: optionalId,
  call_source_id: optionalId,
  call_source_name: optionalText(MAX_TEXT),
  dnis: optionalText(MAX_TEXT),
  call_type: optionalText(MAX_TEXT),
};

const callChecks: Record<keyof CallFields, Check> = {
  account_id: id,
  call_id: id,
  event_type: (value) => typeof value === 'string' && CALL_EVENT_TYPE_PATTERN.test(value),
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
};

export type FieldsCheck = (fields: CanonicalFields) => boolean;

function allOf(checks: Readonly<Record<string, Check>>): FieldsCheck {
  const entries = Object.entries(checks);
  return (fields) => {
    for (const [key, check] of entries) if (!check(fields[key])) return false;
    return true;
  };
}

export const passesSessionFields = allOf(sessionChecks);
export const passesStateFields = allOf(stateChecks);
export const passesCallFields = allOf(callChecks);
