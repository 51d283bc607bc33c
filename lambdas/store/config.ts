import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallTable } from '../platform/dynamodb/call-table';
import { SessionTable } from '../platform/dynamodb/session-table';
import { TimelineTable } from '../platform/dynamodb/timeline-table';
import { intFromEnv, requireEnv } from '../platform/env';
import { DEFAULT_RETENTION_DAYS } from '../platform/resources';
import type { StoreTables } from './store-batch';

/** Environment variables the store Lambda reads (set by the stack and the local stack). */
export const STORE_ENV = {
  sessionsTable: 'SESSIONS_TABLE',
  statesTable: 'STATES_TABLE',
  callsTable: 'CALLS_TABLE',
  retentionDays: 'RETENTION_DAYS',
} as const;

export interface StoreConfig {
  readonly tables: StoreTables;
}

/** Fails at cold start when a table name is missing, not on the first record. */
export function storeConfigFromEnv(db: DynamoDBClient, env = process.env): StoreConfig {
  // Days an item lives after it was last written (see platform/dynamodb/retention.ts).
  const retentionDays = intFromEnv(STORE_ENV.retentionDays, DEFAULT_RETENTION_DAYS, env);
  return {
    tables: {
      sessions: new SessionTable(db, requireEnv(STORE_ENV.sessionsTable, env), retentionDays),
      timeline: new TimelineTable(db, requireEnv(STORE_ENV.statesTable, env), retentionDays),
      calls: new CallTable(db, requireEnv(STORE_ENV.callsTable, env), retentionDays),
    },
  };
}
