import { InvalidParameter } from '../../intervals/invalid-parameter';
import type { QueueCallKey } from '../../platform/dynamodb/call-reader';
import { pathParameter, QueryParameters } from '../parameters';
import { ok } from '../responses';
import type { RouteAnswer } from '../route';

const PARAMETERS = ['from', 'to', 'limit', 'cursor'];
export const QUEUE_CALLS_LIMIT = { min: 1, max: 500, fallback: 100 } as const;

/**
 * `GET /v1/queues/{gateId}/calls?from=&to=[&limit=][&cursor=]`: the queue's calls with `from <=
 * callStart < to`, newest first, `limit` per page (default 100, at most 500), from the `byQueue`
 * index: each call's keys and summary (`callId`, `gateId`, `callStart`, `callType`,
 * `callState`, `callDuration`, `agentId`; the whole record is `GET /v1/calls/{callId}`). `next`,
 * when more follow, is the cursor of the next page: pass it as `cursor` with the same `from`
 * and `to`.
 */
export const listQueueCalls: RouteAnswer = async (request, dependencies) => {
  const query = new QueryParameters(request.rawQueryString, PARAMETERS);
  const gateId = pathParameter(request.pathParameters, 'gateId');
  const from = query.time('from');
  const to = query.time('to');
  if (to <= from) throw new InvalidParameter('to', 'must be later than from');
  // The index's key condition is inclusive; callStart has millisecond precision.
  const through = new Date(Date.parse(to) - 1).toISOString();
  const limit = query.integer('limit', QUEUE_CALLS_LIMIT);
  const after = cursorKey(query.text('cursor'), from, through);
  const page = await dependencies.calls.queueCalls(gateId, { from, through }, limit, after);
  return ok({
    calls: page.calls,
    ...(page.next === undefined ? {} : { next: cursorOf(page.next) }),
  });
};

/** Opaque to clients: base64url of the last call's key. */
export function cursorOf(key: QueueCallKey): string {
  return Buffer.from(JSON.stringify([key.callStart, key.callId])).toString('base64url');
}

function cursorKey(cursor: string | undefined, from: string, through: string) {
  if (cursor === undefined) return undefined;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (
    !Array.isArray(key) ||
    key.length !== 2 ||
    typeof key[0] !== 'string' ||
    typeof key[1] !== 'string' ||
    key[1] === '' ||
    !(key[0] >= from && key[0] <= through) ||
    cursorOf({ callStart: key[0], callId: key[1] }) !== cursor
  ) {
    throw new InvalidParameter('cursor', 'not a cursor this route gave for this from and to');
  }
  return { callStart: key[0], callId: key[1] };
}
