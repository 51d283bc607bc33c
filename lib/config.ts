import { isValidTimeZone } from '../lambdas/events/time-zones';
import {
  DEFAULT_MAX_BODY_KIB,
  DEFAULT_RETENTION_DAYS,
  storeDelivery,
} from '../lambdas/platform/resources';

export const STAGES = ['dev', 'test', 'staging', 'prod'] as const;
export type Stage = (typeof STAGES)[number];

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Everything a deployment can choose; the rest is fixed by the design. */
export interface ForwarderConfig {
  stage: Stage;
  /** Zone of the sender's zone-less timestamps, unless the account has its own. */
  sourceTimeZone: string;
  accountTimeZones: Record<string, string>;
  retentionDays: number;
  alarmEmail?: string;
  maxBodyKiB: number;
  storeMaxConcurrency: number;
  storeBatchingWindowSeconds: number;
  throttleRateLimit: number;
  throttleBurstLimit: number;
  /** Both functions' Powertools log level; WARN drops ingest's one INFO line per request. */
  logLevel: LogLevel;
  /** X-Ray active tracing of both functions (billed per trace recorded). */
  tracing: boolean;
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new ConfigError('context accountTimeZones must be JSON');
  }
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
  const tracing = String(context('tracing') ?? 'true');
  if (tracing !== 'true' && tracing !== 'false') {
    throw new ConfigError(`context tracing must be true or false, got ${JSON.stringify(tracing)}`);
  }
  const throttleRateLimit = integer(context, 'throttleRateLimit', 200, 1, 100_000);
  return {
    stage,
    sourceTimeZone,
    accountTimeZones: zones(context('accountTimeZones')),
    retentionDays: integer(context, 'retentionDays', DEFAULT_RETENTION_DAYS, 1, 3650),
    alarmEmail: alarmEmail as string | undefined,
    // Above ~900 KiB a quarantined request no longer fits one SQS message.
    maxBodyKiB: integer(context, 'maxBodyKiB', DEFAULT_MAX_BODY_KIB, 1, 900),
    storeMaxConcurrency: integer(context, 'storeMaxConcurrency', 5, 2, 1000),
    storeBatchingWindowSeconds: integer(
      context,
      'storeBatchingWindowSeconds',
      storeDelivery.batchingWindowSeconds,
      0,
      300,
    ),
    throttleRateLimit,
    throttleBurstLimit: integer(context, 'throttleBurstLimit', throttleRateLimit * 2, 1, 100_000),
    logLevel,
    tracing: tracing === 'true',
  };
}
