import { DAY_SEGMENT_COLUMNS, daySegments } from '../../intervals/day-segments';
import { sessionsOfDay } from '../day-data';
import { dayAnswer, dayRequestOf } from '../day-request';
import { clockOf, type RouteAnswer } from '../route';

/**
 * `GET /v1/segments?date=[&agentId=][&timeZone=][&accountId=][&format=]`: every agent's state
 * segments that overlap the day, clipped to it (`intervals/day-segments.ts`), from the sessions
 * of the day (`day-data.ts`).
 */
export const listDaySegments: RouteAnswer = async (request, dependencies) => {
  const asked = dayRequestOf(request, dependencies, ['agentId']);
  const agentId = asked.query.id('agentId');
  const clock = clockOf(request, dependencies);
  const sessions = await sessionsOfDay(dependencies, asked.day, clock, {
    ...(asked.accountId === undefined ? {} : { accountId: asked.accountId }),
    ...(agentId === undefined ? {} : { agentId }),
  });
  return dayAnswer(
    asked,
    'segments',
    DAY_SEGMENT_COLUMNS,
    daySegments(sessions, asked.day, clock),
    {
      asOf: clock.now,
    },
  );
};
