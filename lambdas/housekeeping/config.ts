import { secretThroughExtension } from '../platform/credentials';
import { intFromEnv, requireEnv } from '../platform/env';
import { TABLE_ENV } from '../platform/resources';
import { DEFAULT_STALE_AFTER_HOURS } from '../sessions/staleness';

/** How often the sweep runs: the schedule's rate (lib/housekeeping.ts) and the local timer's. */
export const SWEEP_EVERY_MINUTES = 5;

/**
 * How often reconciliation runs unless the context `reconcileMinutes` (the schedule's rate) or,
 * in `npm start`, RECONCILE_MINUTES (the local timer's) say otherwise.
 */
export const DEFAULT_RECONCILE_MINUTES = 15;

/** The input the reconciliation schedule sends; any other input sweeps. */
export const RECONCILE_INPUT = { task: 'reconcile' } as const;

export interface HousekeepingConfig {
  readonly sessionsTable: string;
  readonly eventsTopicArn: string;
  readonly staleAfterHours: number;
  /**
   * The RingCX credentials' JSON, when reconciliation is configured: the secret
   * RINGCX_CREDENTIALS_SECRET_ARN in AWS (read through the Parameters and Secrets extension),
   * RINGCX_CREDENTIALS itself locally.
   */
  readonly ringCxCredentials?: () => Promise<string>;
}

/** Read once at cold start; a missing table or topic fails the function at once. */
export function housekeepingConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): HousekeepingConfig {
  const secretArn = env.RINGCX_CREDENTIALS_SECRET_ARN || undefined;
  const local = env.RINGCX_CREDENTIALS || undefined;
  return {
    sessionsTable: requireEnv(TABLE_ENV.sessions, env),
    eventsTopicArn: requireEnv('EVENTS_TOPIC_ARN', env),
    staleAfterHours: intFromEnv('STALE_AFTER_HOURS', DEFAULT_STALE_AFTER_HOURS, env),
    ...(secretArn !== undefined
      ? { ringCxCredentials: secretThroughExtension(secretArn, env) }
      : local !== undefined
        ? { ringCxCredentials: async () => local }
        : {}),
  };
}

/** Whether an invocation's input asks for reconciliation rather than the sweep. */
export function isReconcileInput(event: unknown): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    (event as { task?: unknown }).task === RECONCILE_INPUT.task
  );
}
