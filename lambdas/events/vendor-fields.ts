import type * as z from 'zod/mini';
import { parseWallTime } from './local-time';
import { zod } from './zod-on-first-use';

/**
 * The sender's fields, one schema per kind, keyed by the vendor's own names so every rejection
 * names the field the sender knows. Input values are already canonical text (see
 * `canonical.ts`): every value a string, and missing, `null`, `"null"` and `""` all null.
 * Turning text into numbers and flags happens after, in `interpret.ts`: the schemas only check,
 * so an event that passes is its own parsed value. zod/mini keeps the bundle small; each rule is
 * a builder, and a kind's schema is built when the first event of that kind is checked (see
 * `zod-on-first-use.ts`).
 */
type Rule<S extends z.ZodMiniType = z.ZodMiniType> = () => S;

function message(expected: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === null || issue.input === undefined ? 'is required' : `must be ${expected}`,
  };
}

const nullish =
  <S extends z.ZodMiniType>(rule: Rule<S>) =>
  () =>
    zod().nullish(rule());

const matching = (pattern: RegExp, expected: string, problem: string) => () =>
  zod().string(message(expected)).check(zod().regex(pattern, problem));

const MAX_TEXT = 2048;
const MAX_LONG_TEXT = 8192;

const id = matching(/^[^\s\p{Cc}]{1,128}$/u, 'an id', 'must be an id: 1-128 characters, no spaces');
const optionalId = nullish(id);

const text = (max: number) => () =>
  zod()
    .string(message('text'))
    .check(zod().maxLength(max, `must be at most ${max} characters`));
const requiredText = (max: number) => () => text(max)().check(zod().minLength(1, 'is required'));
const optionalText = (max: number) => nullish(text(max));

const localTime = () =>
  zod()
    .string(message('a date and time'))
    .check(
      zod().refine(
        (value) => parseWallTime(value) !== undefined,
        'must be a date and time like "2020-06-30 19:44:30"',
      ),
    );

const seconds = nullish(
  matching(/^\d{1,9}(\.\d+)?$/, 'a number of seconds', 'must be a non-negative number of seconds'),
);

const zeroOrOne = nullish(matching(/^(0|1|true|false)$/i, '0 or 1', 'must be 0 or 1'));

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

const stateFields = {
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
};

const callFields = {
  account_id: id,
  call_id: id,
  event_type: matching(/^(ACD|VPD)-CALL$/i, 'ACD-CALL or VPD-CALL', 'must be ACD-CALL or VPD-CALL'),
  call_start: localTime,
  call_state: requiredText(64),
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

type Rules = Record<string, Rule>;
type SchemaShape<R extends Rules> = { [K in keyof R]: ReturnType<R[K]> };

/** A kind's vendor schema and its field names, sorted for the event id's canonical order. */
export interface VendorKind<S extends z.ZodMiniObject = z.ZodMiniObject> {
  readonly schema: S;
  readonly knownInOrder: readonly string[];
  readonly known: ReadonlySet<string>;
}

function vendorKind<R extends Rules>(rules: R): VendorKind<z.ZodMiniObject<SchemaShape<R>>> {
  const knownInOrder = Object.keys(rules).sort();
  let schema: z.ZodMiniObject<SchemaShape<R>> | undefined;
  return {
    /** Built on first use: the first event of the kind builds it. */
    get schema() {
      schema ??= zod().object(
        Object.fromEntries(
          Object.entries(rules).map(([key, rule]) => [key, rule()]),
        ) as SchemaShape<R>,
      );
      return schema;
    },
    knownInOrder,
    known: new Set(knownInOrder),
  };
}

export const sessionKind = vendorKind(agentFields);
export const stateKind = vendorKind(stateFields);
export const callKind = vendorKind(callFields);

export type SessionFields = z.infer<typeof sessionKind.schema>;
export type StateFields = z.infer<typeof stateKind.schema>;
export type CallFields = z.infer<typeof callKind.schema>;

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
