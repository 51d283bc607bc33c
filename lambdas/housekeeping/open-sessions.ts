import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SessionReader } from '../platform/dynamodb/session-reader';
import type { OpenSession } from '../sessions/inferred-logout';
import { LOGGED_IN_PRESENCE } from '../sessions/session-update';

/**
 * The open sessions: the `LOGGED_IN` partition of `byPresence` (one Query), then the sessions
 * themselves, 100 per BatchGetItem. Eventually consistent: a session closed a moment ago may
 * still be listed, and its inferred logout is then refused by the store's conditions.
 */
export async function openSessions(db: DynamoDBClient, table: string): Promise<OpenSession[]> {
  const reader = new SessionReader(db, table);
  const entries = await reader.presenceEntries(LOGGED_IN_PRESENCE);
  return reader.sessions(entries.map((entry) => entry.agentLoginId));
}
