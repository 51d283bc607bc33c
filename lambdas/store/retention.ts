import { intFromEnv } from '../platform/env';
import { DEFAULT_RETENTION_DAYS } from '../platform/resources';

/** Days an item lives after the last event it holds (`RETENTION_DAYS`, default 400). */
export function retentionDaysFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  return intFromEnv('RETENTION_DAYS', DEFAULT_RETENTION_DAYS, env);
}

/**
 * TTL (epoch seconds) counted from when the event happened, not from when it was stored, so a
 * replay writes the same items as the first delivery did.
 */
export function expiresAtFor(occurredAt: string, retentionDays: number): number {
  return Math.floor(Date.parse(occurredAt) / 1000) + retentionDays * 86_400;
}
