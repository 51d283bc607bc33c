import {
  DEFAULT_SERVICE_LEVEL_SECONDS,
  QUEUE_INTERVAL_COLUMNS,
  queueIntervals,
} from '../../intervals/queue-figures';
import { callsOfDay } from '../day-data';
import { dayAnswer, dayRequestOf, intervalsOf } from '../day-request';
import type { RouteAnswer } from '../route';

/** Seconds a caller may wait and still count as answered within the service level: up to a day. */
const SERVICE_LEVEL_SECONDS = { min: 0, max: 86_400, fallback: DEFAULT_SERVICE_LEVEL_SECONDS };

/**
 * `GET /v1/intervals/queues?date=&minutes=[&serviceLevelSeconds=][&timeZone=][&accountId=]
 * [&format=]`: one row per queue seen that day and interval (`intervals/queue-figures.ts`),
 * from the day's calls (`day-data.ts`).
 */
export const listQueueIntervals: RouteAnswer = async (request, dependencies) => {
  const asked = dayRequestOf(request, dependencies, ['minutes', 'serviceLevelSeconds']);
  const grid = intervalsOf(asked);
  const serviceLevelSeconds = asked.query.integer('serviceLevelSeconds', SERVICE_LEVEL_SECONDS);
  const calls = await callsOfDay(dependencies, asked.day, asked.accountId);
  return dayAnswer(
    asked,
    'queue-intervals',
    QUEUE_INTERVAL_COLUMNS,
    queueIntervals(calls, grid, serviceLevelSeconds),
    { minutes: grid.minutes, serviceLevelSeconds },
  );
};
