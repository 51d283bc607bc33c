import { randomBytes } from 'node:crypto';
import { timeZoneConfigFromEnv } from '../events/time-zones';
import {
  type CredentialSource,
  credentialsFromEnv,
  secretsExtensionSource,
} from '../platform/credentials';
import { intFromEnv, requireEnv } from '../platform/env';
import { DEFAULT_MAX_BODY_KIB } from '../platform/resources';
import { MAX_BODY_KIB_LIMIT } from './limits';

/** SDK retries included, a request answers well within 10 s. */
export const DEADLINE_MS = 7_000;

export interface IngestConfig {
  eventsTopicArn: string;
  /** Delivers refused requests to the quarantine queue. */
  quarantineTopicArn: string;
  maxBodyBytes: number;
  credentials: CredentialSource;
  timeZones: ReturnType<typeof timeZoneConfigFromEnv>;
  /** Keys the hash of a refused client's address (the stack sets one per deployment). */
  clientAddressSalt: string;
}

/**
 * Read once at cold start; a missing topic or credential fails the function immediately
 * instead of on the first request. In AWS the credential is the secret `CREDENTIAL_SECRET_ARN`
 * (read through the Parameters and Secrets Lambda Extension);
 * the local stack gives it as WEBHOOK_TOKEN / WEBHOOK_USER / WEBHOOK_PASSWORD.
 */
export function ingestConfigFromEnv(env: NodeJS.ProcessEnv = process.env): IngestConfig {
  const secretArn = env.CREDENTIAL_SECRET_ARN;
  const credentials =
    secretArn !== undefined && secretArn !== ''
      ? secretsExtensionSource(secretArn)
      : credentialsFromEnv(env);
  if (credentials === undefined) {
    throw new Error(
      'No credential configured: set CREDENTIAL_SECRET_ARN, or WEBHOOK_TOKEN / WEBHOOK_USER and WEBHOOK_PASSWORD',
    );
  }
  const maxBodyKiB = intFromEnv('MAX_BODY_KIB', DEFAULT_MAX_BODY_KIB, env);
  if (maxBodyKiB > MAX_BODY_KIB_LIMIT) {
    throw new Error(
      `MAX_BODY_KIB must be at most ${MAX_BODY_KIB_LIMIT}: a refused body any larger would not fit its quarantine message`,
    );
  }
  return {
    eventsTopicArn: requireEnv('EVENTS_TOPIC_ARN', env),
    quarantineTopicArn: requireEnv('QUARANTINE_TOPIC_ARN', env),
    maxBodyBytes: maxBodyKiB * 1024,
    credentials,
    timeZones: timeZoneConfigFromEnv(env),
    // Without one (the local stack, tests), this instance's own: hashes compare within it.
    clientAddressSalt: env.CLIENT_ADDRESS_SALT || randomBytes(16).toString('hex'),
  };
}
