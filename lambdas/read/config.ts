import { type TimeZoneConfig, timeZoneConfigFromEnv } from '../events/time-zones';
import {
  type CredentialSource,
  secretsExtensionSource,
  tokenFromEnv,
} from '../platform/credentials';
import { intFromEnv, requireEnv } from '../platform/env';
import { TABLE_ENV, type TableName } from '../platform/resources';
import { DEFAULT_STALE_AFTER_HOURS } from '../sessions/staleness';

/** Environment variables the read function reads (set by the stack and the local stack). */
export const READ_ENV = {
  credentialSecretArn: 'READ_CREDENTIAL_SECRET_ARN',
  token: 'READ_TOKEN',
  staleAfterHours: 'STALE_AFTER_HOURS',
  sourceTimeZone: 'SOURCE_TIME_ZONE',
  accountTimeZones: 'ACCOUNT_TIME_ZONES',
} as const;

export interface ReadConfig {
  readonly tables: Record<TableName, string>;
  readonly credentials: CredentialSource;
  readonly staleAfterHours: number;
  readonly timeZones: TimeZoneConfig;
}

/**
 * Read once at cold start; a missing table or credential fails the function at once instead of
 * on the first request. In AWS the read token is the secret `READ_CREDENTIAL_SECRET_ARN` (read
 * through the Parameters and Secrets Lambda Extension, like the webhook credential); the local
 * stack gives it as `READ_TOKEN`.
 */
export function readConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ReadConfig {
  const secretArn = env[READ_ENV.credentialSecretArn];
  const credentials =
    secretArn !== undefined && secretArn !== ''
      ? secretsExtensionSource(secretArn, env)
      : tokenFromEnv(READ_ENV.token, env);
  if (credentials === undefined) {
    throw new Error(
      `No read credential configured: set ${READ_ENV.credentialSecretArn} or ${READ_ENV.token}`,
    );
  }
  return {
    tables: {
      sessions: requireEnv(TABLE_ENV.sessions, env),
      states: requireEnv(TABLE_ENV.states, env),
      calls: requireEnv(TABLE_ENV.calls, env),
    },
    credentials,
    staleAfterHours: intFromEnv(READ_ENV.staleAfterHours, DEFAULT_STALE_AFTER_HOURS, env),
    // The interval routes' default zone per account, as ingest reads the sender's times.
    timeZones: timeZoneConfigFromEnv(env),
  };
}
