import { utcDaysOf } from '../../lambdas/intervals/day-reads';
import type { Item } from '../../lambdas/items/item';
import type { CallReader } from '../../lambdas/platform/dynamodb/call-reader';

/** The reads of the calls table that finding an agent's calls by day takes (CallReader's). */
export type DayCalls = Pick<CallReader, 'dayCallIds' | 'calls'>;

/** The agent whose calls are wanted: the calls' `agentId`, in `accountId` when given. */
export interface CallAgent {
  readonly agentId: string;
  readonly accountId?: string;
}

/** Said on stderr with every read by day: the calls it cannot see. */
export const CALLS_WITHOUT_DAY_NOTE =
  'note: read day by day from the byDay index: a call stored before the upgrade that added ' +
  'callDay (and not changed since) is not found; leave out --from to scan the whole calls table';

/** Said on stderr with every read without --from. */
export const WHOLE_TABLE_SCAN_NOTE =
  'note: no --from: scanning the whole calls table (DynamoDB filters it, a request per 1 MB ' +
  'of the table); give --from to read day by day';

const handledBy =
  (agent: CallAgent) =>
  (call: Item): boolean =>
    call.agentId === agent.agentId &&
    (agent.accountId === undefined || call.accountId === agent.accountId);

const byCallStart = (a: Item, b: Item): number =>
  String(a.callStart ?? '').localeCompare(String(b.callStart ?? ''));

/**
 * The calls the agent handled with `from <= callStart <= through`, by `callStart`, read one UTC
 * day at a time: one Query of the day's index entries and BatchGetItem of its calls, of which
 * only the agent's are kept. A day's calls all start on that day, so the days come in order and
 * the reading stops after the day that brings a call past `limit`.
 */
export async function agentCallsByDay(
  reader: DayCalls,
  agent: CallAgent,
  window: { readonly from: string; readonly through: string },
  limit: number,
): Promise<{ rows: Item[]; more: boolean }> {
  const rows: Item[] = [];
  for (const day of utcDaysOf(Date.parse(window.from), Date.parse(window.through))) {
    const ids = await reader.dayCallIds(day, window, agent.accountId);
    rows.push(...(await reader.calls(ids)).filter(handledBy(agent)).sort(byCallStart));
    if (rows.length > limit) return { rows: rows.slice(0, limit), more: true };
  }
  return { rows, more: false };
}
