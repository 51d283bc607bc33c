import { zoneForAccount } from '../events/time-zones';
import { toCsv } from '../intervals/csv';
import { InvalidParameter } from '../intervals/invalid-parameter';
import { type DayIntervals, dayIntervals, type LocalDay, localDayOf } from '../intervals/local-day';
import { QueryParameters } from './parameters';
import { csv, ok, type ReadAnswer } from './responses';
import type { ReadDependencies, ReadRequest } from './route';

/** The parameters every day route takes (`date`, `timeZone`, `accountId`, `format`). */
export const DAY_PARAMETERS = ['date', 'timeZone', 'accountId', 'format'] as const;

export type DayFormat = 'json' | 'csv';

export interface DayRequest {
  readonly query: QueryParameters;
  readonly day: LocalDay;
  readonly accountId?: string;
  readonly format: DayFormat;
}

/**
 * A day route's request: `date` (required, `YYYY-MM-DD`) in `timeZone` (default: the account's
 * zone from `ACCOUNT_TIME_ZONES` when `accountId` is given, else `SOURCE_TIME_ZONE`), and the
 * answer's format: `format=csv|json`, else CSV when the `Accept` header asks for `text/csv`.
 */
export function dayRequestOf(
  request: ReadRequest,
  { timeZones }: Pick<ReadDependencies, 'timeZones'>,
  routeParameters: readonly string[],
): DayRequest {
  const query = new QueryParameters(request.rawQueryString, [
    ...DAY_PARAMETERS,
    ...routeParameters,
  ]);
  const accountId = query.id('accountId');
  const date = query.text('date');
  if (date === undefined) throw new InvalidParameter('date', 'required: a date YYYY-MM-DD');
  const timeZone =
    query.text('timeZone') ??
    (accountId === undefined ? timeZones.defaultZone : zoneForAccount(timeZones, accountId));
  const day = localDayOf(date, timeZone);
  const asked = query.oneOf('format', ['json', 'csv'] as const);
  const accepts = request.headers.accept ?? '';
  const format = asked ?? (/\btext\/csv\b/i.test(accepts) ? 'csv' : 'json');
  return { query, day, format, ...(accountId === undefined ? {} : { accountId }) };
}

/** `minutes` (required, 15 or 30): the day's intervals. */
export function intervalsOf({ query, day }: DayRequest): DayIntervals {
  const minutes = query.text('minutes');
  if (minutes === undefined) throw new InvalidParameter('minutes', 'required: 15 or 30');
  return dayIntervals(day, /^\d+$/.test(minutes) ? Number(minutes) : Number.NaN);
}

/**
 * The rows as asked: JSON `{ date, timeZone, start, end, ...about, rows }`, or CSV of `columns`
 * (a header row, then the rows; `intervals/csv.ts`) named `<name>-<date>.csv`.
 */
export function dayAnswer<Column extends string>(
  { day, format, accountId }: DayRequest,
  name: string,
  columns: readonly Column[],
  rows: readonly Partial<Record<Column, unknown>>[],
  about: Readonly<Record<string, unknown>> = {},
): ReadAnswer {
  if (format === 'csv') return csv(toCsv(columns, rows), `${name}-${day.date}.csv`);
  return ok({ ...day, ...(accountId === undefined ? {} : { accountId }), ...about, rows });
}
