import { intFromEnv, requireEnv } from '../platform/env';
import { TABLE_ENV } from '../platform/resources';
import { DEFAULT_STALE_AFTER_HOURS } from '../sessions/staleness';

/** How often the sweep runs: the schedule's rate (lib/housekeeping.ts) and the local timer's. */
export const SWEEP_EVERY_MINUTES = 5;

export interface HousekeepingConfig {
  readonly sessionsTable: string;
  readonly eventsTopicArn: string;
  readonly staleAfterHours: number;
}

/** Read once at cold start; a missing table or topic fails the function at once. */
export function housekeepingConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): HousekeepingConfig {
  return {
    sessionsTable: requireEnv(TABLE_ENV.sessions, env),
    eventsTopicArn: requireEnv('EVENTS_TOPIC_ARN', env),
    staleAfterHours: intFromEnv('STALE_AFTER_HOURS', DEFAULT_STALE_AFTER_HOURS, env),
  };
}
