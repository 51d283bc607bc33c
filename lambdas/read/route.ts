import type { TimeZoneConfig } from '../events/time-zones';
import type { CallReader } from '../platform/dynamodb/call-reader';
import type { SessionReader } from '../platform/dynamodb/session-reader';
import type { TimelineReader } from '../platform/dynamodb/timeline-reader';
import type { Clock } from '../sessions/staleness';
import type { ReadAnswer } from './responses';

/** What a route reads of the request (API Gateway HTTP API, payload format 2.0). */
export interface ReadRequest {
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly rawQueryString: string;
  /** Header names in lower case, as API Gateway's payload 2.0 gives them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** When the request is answered: every time in the answer is reckoned from it. */
  readonly now: Date;
}

/** The tables, read only, and the settings the routes share. */
export interface ReadDependencies {
  readonly sessions: Pick<SessionReader, 'presenceEntries' | 'sessions' | 'session'>;
  readonly timeline: Pick<TimelineReader, 'rows'>;
  readonly calls: Pick<CallReader, 'call' | 'queueCalls' | 'dayCallIds' | 'calls'>;
  /** Hours without an event after which an open session counts as stale (a missed LOGOUT). */
  readonly staleAfterHours: number;
  /** The zones of the accounts (`ACCOUNT_TIME_ZONES`, else `SOURCE_TIME_ZONE`): days are theirs. */
  readonly timeZones: TimeZoneConfig;
}

/**
 * One route's answer to a request that reached it with the right credential. A parameter that
 * cannot be used is thrown as an `InvalidParameter`, which the router answers with a 400.
 */
export type RouteAnswer = (
  request: ReadRequest,
  dependencies: ReadDependencies,
) => Promise<ReadAnswer>;

export function clockOf(request: ReadRequest, dependencies: ReadDependencies): Clock {
  return { now: request.now.toISOString(), staleAfterHours: dependencies.staleAfterHours };
}
