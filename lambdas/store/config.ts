import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CallTable } from '../platform/dynamodb/call-table';
import { WriteClock } from '../platform/dynamodb/retention';
import { SessionTable } from '../platform/dynamodb/session-table';
import { TimelineTable } from '../platform/dynamodb/timeline-table';
import { intFromEnv, requireEnv } from '../platform/env';
import { DEFAULT_RETENTION_DAYS, TABLE_ENV } from '../platform/resources';
import type { StoreTables } from './store-batch';

/** Environment variables the store Lambda reads (set by the stack and the local stack). */
export const STORE_ENV = {
  sessionsTable: TABLE_ENV.sessions,
  statesTable: TABLE_ENV.states,
  callsTable: TABLE_ENV.calls,
  retentionDays: 'RETENTION_DAYS',
} as const;

export interface StoreConfig {
  readonly tables: StoreTables;
}

/** Fails at cold start when a table name is missing, not on the first record. */
export function storeConfigFromEnv(db: DynamoDBClient, env = process.env): StoreConfig {
  const clock = new WriteClock(intFromEnv(STORE_ENV.retentionDays, DEFAULT_RETENTION_DAYS, env));
  return {
    tables: {
      sessions: new SessionTable(db, requireEnv(STORE_ENV.sessionsTable, env), clock),
      timeline: new TimelineTable(db, requireEnv(STORE_ENV.statesTable, env), clock),
      calls: new CallTable(db, requireEnv(STORE_ENV.callsTable, env), clock),
    },
  };
}
