import type { CallReader } from '../platform/dynamodb/call-reader';
import type { SessionReader } from '../platform/dynamodb/session-reader';
import type { TimelineReader } from '../platform/dynamodb/timeline-reader';
import type { Clock } from '../sessions/staleness';
import type { ReadAnswer } from './responses';

/** What a route reads of the request (API Gateway HTTP API, payload format 2.0). */
export interface ReadRequest {
  readonly pathParameters?: Readonly<Record<string, string | undefined>>;
  readonly rawQueryString: string;
  /** When the request is answered: every time in the answer is reckoned from it. */
  readonly now: Date;
}

/** The tables, read only, and the settings the routes share. */
export interface ReadDependencies {
  readonly sessions: Pick<SessionReader, 'presenceEntries' | 'sessions' | 'session'>;
  readonly timeline: Pick<TimelineReader, 'rows'>;
  readonly calls: Pick<CallReader, 'call' | 'queueCalls'>;
  /** Hours without an event after which an open session counts as stale (a missed LOGOUT). */
  readonly staleAfterHours: number;
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
