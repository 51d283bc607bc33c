import { type StoredCall, storedCallOf } from '../calls/stored-call';
import type { AgentSession } from '../intervals/agent-sessions';
import { callDaysOf, mayOverlapDay, presencePartitionsOf } from '../intervals/day-reads';
import type { LocalDay } from '../intervals/local-day';
import type { Clock } from '../sessions/staleness';
import type { ReadDependencies } from './route';

/** Which agents a day's figures are about: all of them, one account's, or one agent's. */
export interface AgentFilter {
  readonly accountId?: string;
  readonly agentId?: string;
}

/**
 * The sessions that may overlap the day (`intervals/day-reads.ts`) with their timelines: one
 * Query per `byPresence` partition (the open sessions and two to four UTC days of logouts), one
 * BatchGetItem per 100 sessions, one Query per session for its timeline.
 */
export async function sessionsOfDay(
  { sessions, timeline }: Pick<ReadDependencies, 'sessions' | 'timeline'>,
  day: LocalDay,
  clock: Clock,
  filter: AgentFilter,
): Promise<AgentSession[]> {
  const partitions = await Promise.all(
    presencePartitionsOf(day, clock.now).map((presence) =>
      sessions.presenceEntries(presence, filter.accountId),
    ),
  );
  const agentKeyEnd = filter.agentId === undefined ? undefined : `#${filter.agentId}`;
  const wanted = partitions
    .flat()
    .filter(
      (entry) =>
        mayOverlapDay(entry, day) &&
        (agentKeyEnd === undefined || entry.agentKey.endsWith(agentKeyEnd)),
    );
  const read = await sessions.sessions([...new Set(wanted.map((entry) => entry.agentLoginId))]);
  return Promise.all(
    read.map(async (session) => ({ ...session, rows: await timeline.rows(session.agentLoginId) })),
  );
}

/** The calls started within the day: one Query per UTC day it touches, one BatchGetItem per 100. */
export async function callsOfDay(
  { calls }: Pick<ReadDependencies, 'calls'>,
  day: LocalDay,
  accountId: string | undefined,
): Promise<StoredCall[]> {
  const through = new Date(Date.parse(day.end) - 1).toISOString();
  const ids = await Promise.all(
    callDaysOf(day).map((callDay) =>
      calls.dayCallIds(callDay, { from: day.start, through }, accountId),
    ),
  );
  return (await calls.calls(ids.flat())).map(storedCallOf);
}

/**
 * The calls the sessions' timelines name (handled or listened in on): one BatchGetItem per 100.
 * A call ENGAGED on before the day or in progress is among them, whatever its `callStart`.
 */
export async function callsOnTimelines(
  { calls }: Pick<ReadDependencies, 'calls'>,
  sessions: readonly AgentSession[],
): Promise<StoredCall[]> {
  const ids = new Set(
    sessions.flatMap((session) =>
      session.rows.flatMap((row) => (row.callId === undefined ? [] : [row.callId])),
    ),
  );
  return (await calls.calls([...ids])).map(storedCallOf);
}
