import { EVENT_KINDS } from '../lambdas/events/kinds';
import { isValidTimeZone } from '../lambdas/events/time-zones';
import { DEFAULT_RECONCILE_MINUTES } from '../lambdas/housekeeping/config';
import { MAX_BODY_KIB_LIMIT } from '../lambdas/ingest/limits';
import { FILTER_ATTRIBUTES, type FilterAttribute } from '../lambdas/platform/event-message';
import {
  DEFAULT_MAX_BODY_KIB,
  DEFAULT_RETENTION_DAYS,
  storeDelivery,
} from '../lambdas/platform/resources';
import { DEFAULT_STALE_AFTER_HOURS } from '../lambdas/sessions/staleness';

export const STAGES = ['dev', 'test', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;

export const CAPACITY_MODES = ['on-demand', 'provisioned'] as const;
export type CapacityMode = (typeof CAPACITY_MODES)[number];

/** Auto scaling keeps consumed capacity at this share of the provisioned capacity. */
export const CAPACITY_TARGET_UTILIZATION_PERCENT = 70;

/**
 * The tables' billing. On demand (the default) bills each request. Provisioned bills capacity
 * by the hour, scaled by DynamoDB auto scaling between `min` and `max` units for every table and
 * every index alike, each on its own.
 */
export type TableCapacity =
  | { mode: 'on-demand' }
  | {
      mode: 'provisioned';
      write: { min: number; max: number };
      read: { min: number; max: number };
    };
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything a deployment can choose; the rest is fixed by the design. */
export interface ForwarderConfig {
  stage: Stage;
  /** Zone of the sender's zone-less timestamps, unless the account has its own. */
  sourceTimeZone: string;
  accountTimeZones: Record<string, string>;
  retentionDays: number;
  alarmEmail?: string;
  /** Refused requests (401) in five minutes above which the UnauthorizedRequests alarm fires. */
  unauthorizedAlarmThreshold: number;
  maxBodyKiB: number;
  storeMaxConcurrency: number;
  storeBatchingWindowSeconds: number;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** Both functions' Powertools log level; WARN drops ingest's one INFO line per request. */
  logLevel: LogLevel;
  /** X-Ray active tracing of every function (billed per trace recorded): off unless asked for. */
  tracing: boolean;
  /** Queues of the stack's own that the events topic feeds, each with its filter. */
  subscribers: Subscriber[];
  /** Other AWS accounts allowed to subscribe queues of their own to the events topic. */
  subscriberAccounts: string[];
  /** Hours without an event after which the read side shows an open session as stale. */
  staleAfterHours: number;
  /**
   * The Parameters and Secrets extension layer's ARN, for regions CDK's own list does not know
   * (the construct stops the synth there without it).
   */
  paramsAndSecretsLayerArn?: string;
  /**
   * The Secrets Manager secret (complete ARN) with RingCX API credentials: when given, the
   * housekeeping function also reconciles open sessions with RingCX's real-time agent list.
   */
  ringcxCredentialsSecretArn?: string;
  /** Minutes between reconciliations (with `ringcxCredentialsSecretArn` only). */
  reconcileMinutes: number;
  capacity: TableCapacity;
}

/**
 * Reconciliation's period: at least the sweep's 5 minutes (each run costs RingCX token requests,
 * limited to 5 a minute), at most a day.
 */
export const MIN_RECONCILE_MINUTES = 5;
export const MAX_RECONCILE_MINUTES = 1440;

/** Unauthorized requests in five minutes that raise the alarm unless the context says otherwise. */
export const DEFAULT_UNAUTHORIZED_ALARM_THRESHOLD = 10;

/**
 * A downstream system fed by the events topic. `filter` is an SNS filter policy on the message
 * attributes: every key given must match one of its values; no filter receives every event.
 */
export interface Subscriber {
  name: string;
  filter: Partial<Record<FilterAttribute, string[]>>;
}

/** Stages whose data must survive a mistaken `cdk destroy`. */
export const isProtectedStage = (stage: Stage) => stage === 'staging' || stage === 'prod';

export class ConfigError extends Error {}

type Context = (key: string) => unknown;

function integer(context: Context, key: string, fallback: number, min: number, max: number) {
  const raw = context(key);
  if (raw === undefined) return fallback;
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(
      `context ${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function zones(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  const parsed = typeof raw === 'string' ? safeJson(raw) : raw;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError('context accountTimeZones must be an object of account id -> IANA zone');
  }
  for (const [account, zone] of Object.entries(parsed)) {
    if (typeof zone !== 'string' || !isValidTimeZone(zone)) {
      throw new ConfigError(
        `context accountTimeZones: "${String(zone)}" for account ${account} is not an IANA time zone`,
      );
    }
  }
  return parsed as Record<string, string>;
}

function safeJson(text: string, what = 'context accountTimeZones'): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError(`${what} must be JSON`);
  }
}

/** A list given as JSON text (on the command line, in the environment) or as JSON (cdk.json). */
function jsonList(raw: unknown, what: string, shape: string): unknown[] {
  if (raw === undefined || raw === '') return [];
  const parsed = typeof raw === 'string' ? safeJson(raw, what) : raw;
  if (!Array.isArray(parsed)) throw new ConfigError(`${what} must be a JSON list of ${shape}`);
  return parsed;
}

const SUBSCRIBER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
/** SNS refuses a filter policy whose values, multiplied key by key, exceed this. */
const MAX_FILTER_COMBINATIONS = 150;

/** A subscriber's name as it appears in construct ids and outputs: `calls-ended` -> `CallsEnded`. */
export function pascalCase(name: string): string {
  return name
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** A filter policy on the message attributes, checked; `where` names it in the errors. */
export function subscriberFilter(raw: unknown, where: string): Subscriber['filter'] {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(`${where} must be an object of attribute -> list of values`);
  }
  const filter: Subscriber['filter'] = {};
  let combinations = 1;
  for (const [key, values] of Object.entries(raw)) {
    if (!(FILTER_ATTRIBUTES as readonly string[]).includes(key)) {
      throw new ConfigError(
        `${where}.${key}: events can be filtered on ${FILTER_ATTRIBUTES.join(', ')} only`,
      );
    }
    if (
      !Array.isArray(values) ||
      values.length === 0 ||
      values.some((value) => typeof value !== 'string' || value.trim() === '')
    ) {
      throw new ConfigError(
        `${where}.${key} must be a non-empty list of non-empty strings, got ${JSON.stringify(values)}`,
      );
    }
    const unknownKind = values.find((value) => !(EVENT_KINDS as readonly string[]).includes(value));
    if (key === 'kind' && unknownKind !== undefined) {
      throw new ConfigError(
        `${where}.kind: "${unknownKind}" is not a kind (${EVENT_KINDS.join(', ')})`,
      );
    }
    filter[key as FilterAttribute] = values;
    combinations *= values.length;
  }
  if (combinations > MAX_FILTER_COMBINATIONS) {
    throw new ConfigError(
      `${where} combines ${combinations} values (the product of each list's length); SNS takes at most ${MAX_FILTER_COMBINATIONS}`,
    );
  }
  return filter;
}

/**
 * The subscribers of `raw` (the context key `subscribers`, or `SUBSCRIBERS` for the local stack),
 * checked: unique names usable in outputs, filters on the message attributes only. `source` names
 * where the value came from in the errors.
 */
export function subscribersFrom(raw: unknown, source = 'context subscribers'): Subscriber[] {
  const list = jsonList(raw, source, '{"name", "filter"} objects');
  const byOutputName = new Map<string, string>();
  return list.map((item, index) => {
    const where = `${source}[${index}]`;
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ConfigError(`${where} must be an object {"name", "filter"}`);
    }
    const { name, filter, ...unknown } = item as Record<string, unknown>;
    const [extra] = Object.keys(unknown);
    if (extra !== undefined) {
      throw new ConfigError(`${where}: unknown key "${extra}" (a subscriber has name and filter)`);
    }
    if (typeof name !== 'string' || !SUBSCRIBER_NAME.test(name)) {
      throw new ConfigError(
        `${where}.name must start with a letter and hold only letters, digits, - and _ (at most 40), got ${JSON.stringify(name)}`,
      );
    }
    const outputName = pascalCase(name);
    const taken = byOutputName.get(outputName);
    if (taken !== undefined) {
      throw new ConfigError(
        `${source}: "${taken}" and "${name}" would share the outputs Subscriber${outputName}QueueUrl/Arn; give them distinct names`,
      );
    }
    byOutputName.set(outputName, name);
    return { name, filter: subscriberFilter(filter, `${where}.filter`) };
  });
}

function subscriberAccounts(raw: unknown): string[] {
  const accounts = jsonList(raw, 'context subscriberAccounts', '12-digit AWS account ids');
  for (const account of accounts) {
    if (typeof account !== 'string' || !/^\d{12}$/.test(account)) {
      throw new ConfigError(
        `context subscriberAccounts: ${JSON.stringify(account)} is not a 12-digit AWS account id`,
      );
    }
  }
  return [...new Set(accounts as string[])];
}

/** Most capacity units a table or index can be given (DynamoDB's default account quota). */
const MAX_CAPACITY_UNITS = 40_000;

function capacity(context: Context): TableCapacity {
  const mode = String(context('capacity') ?? 'on-demand') as CapacityMode;
  if (!CAPACITY_MODES.includes(mode)) {
    throw new ConfigError(
      `context capacity must be one of ${CAPACITY_MODES.join(', ')}, got ${JSON.stringify(context('capacity'))}`,
    );
  }
  const keys = ['minWriteCapacity', 'maxWriteCapacity', 'minReadCapacity', 'maxReadCapacity'];
  if (mode === 'on-demand') {
    const given = keys.find((key) => context(key) !== undefined);
    if (given !== undefined) {
      throw new ConfigError(`context ${given} needs -c capacity=provisioned`);
    }
    return { mode };
  }
  const limits = (kind: 'Write' | 'Read') => {
    const min = integer(context, `min${kind}Capacity`, 1, 1, MAX_CAPACITY_UNITS);
    const max = integer(context, `max${kind}Capacity`, 1000, 1, MAX_CAPACITY_UNITS);
    if (min > max) {
      throw new ConfigError(
        `context min${kind}Capacity (${min}) must not exceed max${kind}Capacity (${max})`,
      );
    }
    return { min, max };
  };
  return { mode, write: limits('Write'), read: limits('Read') };
}

/**
 * Reads and checks the CDK context (`cdk deploy -c stage=prod -c sourceTimeZone=America/Chicago`).
 * Any bad value stops the synth with a message naming the key, instead of deploying a stack
 * that misreads every timestamp.
 */
export function configFromContext(context: Context): ForwarderConfig {
  const stage = (context('stage') ?? 'dev') as Stage;
  if (!STAGES.includes(stage)) {
    throw new ConfigError(
      `context stage must be one of ${STAGES.join(', ')}, got ${JSON.stringify(stage)}`,
    );
  }
  const sourceTimeZone = String(context('sourceTimeZone') ?? 'UTC');
  if (!isValidTimeZone(sourceTimeZone)) {
    throw new ConfigError(`context sourceTimeZone "${sourceTimeZone}" is not an IANA time zone`);
  }
  const alarmEmail = context('alarmEmail');
  if (
    alarmEmail !== undefined &&
    (typeof alarmEmail !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(alarmEmail))
  ) {
    throw new ConfigError(
      `context alarmEmail must be an e-mail address, got ${JSON.stringify(alarmEmail)}`,
    );
  }
  const logLevel = String(context('logLevel') ?? 'INFO').toUpperCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new ConfigError(
      `context logLevel must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(context('logLevel'))}`,
    );
  }
  const tracing = String(context('tracing') ?? 'false');
  if (tracing !== 'true' && tracing !== 'false') {
    throw new ConfigError(`context tracing must be true or false, got ${JSON.stringify(tracing)}`);
  }
  const throttleRateLimit = integer(context, 'throttleRateLimit', 200, 1, 100_000);
  const layerArn = context('paramsAndSecretsLayerArn');
  if (
    layerArn !== undefined &&
    (typeof layerArn !== 'string' ||
      !/^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:layer:[A-Za-z0-9_-]+:\d+$/.test(layerArn))
  ) {
    throw new ConfigError(
      `context paramsAndSecretsLayerArn must be a Lambda layer version ARN (arn:aws:lambda:<region>:<account>:layer:<name>:<version>), got ${JSON.stringify(layerArn)}`,
    );
  }
  const ringcxSecretArn = context('ringcxCredentialsSecretArn');
  if (
    ringcxSecretArn !== undefined &&
    (typeof ringcxSecretArn !== 'string' ||
      !/^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/.test(
        ringcxSecretArn,
      ))
  ) {
    throw new ConfigError(
      `context ringcxCredentialsSecretArn must be a secret's complete ARN (arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 characters>, as create-secret prints it), got ${JSON.stringify(ringcxSecretArn)}`,
    );
  }
  return {
    stage,
    sourceTimeZone,
    accountTimeZones: zones(context('accountTimeZones')),
    retentionDays: integer(context, 'retentionDays', DEFAULT_RETENTION_DAYS, 1, 3650),
    alarmEmail: alarmEmail as string | undefined,
    unauthorizedAlarmThreshold: integer(
      context,
      'unauthorizedAlarmThreshold',
      DEFAULT_UNAUTHORIZED_ALARM_THRESHOLD,
      0,
      1_000_000,
    ),
    // Above this a refused request, kept whole in the quarantine, would not fit one SQS message.
    maxBodyKiB: integer(context, 'maxBodyKiB', DEFAULT_MAX_BODY_KIB, 1, MAX_BODY_KIB_LIMIT),
    storeMaxConcurrency: integer(context, 'storeMaxConcurrency', 5, 2, 1000),
    storeBatchingWindowSeconds: integer(
      context,
      'storeBatchingWindowSeconds',
      storeDelivery.batchingWindowSeconds,
      0,
      storeDelivery.maxBatchingWindowSeconds,
    ),
    throttleRateLimit,
    throttleBurstLimit: integer(context, 'throttleBurstLimit', throttleRateLimit * 2, 1, 100_000),
    logLevel,
    tracing: tracing === 'true',
    subscribers: subscribersFrom(context('subscribers')),
    subscriberAccounts: subscriberAccounts(context('subscriberAccounts')),
    staleAfterHours: integer(context, 'staleAfterHours', DEFAULT_STALE_AFTER_HOURS, 1, 168),
    paramsAndSecretsLayerArn: layerArn as string | undefined,
    ringcxCredentialsSecretArn: ringcxSecretArn as string | undefined,
    reconcileMinutes: integer(
      context,
      'reconcileMinutes',
      DEFAULT_RECONCILE_MINUTES,
      MIN_RECONCILE_MINUTES,
      MAX_RECONCILE_MINUTES,
    ),
    capacity: capacity(context),
  };
}
