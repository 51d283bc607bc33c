import fc from 'fast-check';
import { agentIntervals } from '../../../lambdas/intervals/agent-figures';
import { agentSegmentsWithin } from '../../../lambdas/intervals/agent-sessions';
import { daySegments } from '../../../lambdas/intervals/day-segments';
import { dayIntervals, localDayOf } from '../../../lambdas/intervals/local-day';
import { queueIntervals } from '../../../lambdas/intervals/queue-figures';
import { closedSegmentsOf, loggedInSpanOf, segmentsOf } from '../../../lambdas/states/segments';
import { type GeneratedDay, generatedDay } from './support/generated-days';

const ms = Date.parse;
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const gridOf = (day: GeneratedDay) => dayIntervals(localDayOf(day.date, day.timeZone), day.minutes);

function nextDate(date: string): string {
  return new Date(ms(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

describe('segments of generated sessions', () => {
  it('tile the logged-in span: in order, none overlapping, within the session', () => {
    fc.assert(
      fc.property(generatedDay, ({ sessions, clock }) => {
        for (const session of sessions) {
          const span = loggedInSpanOf(session, clock, 'now');
          const closed = closedSegmentsOf(session, clock);
          let cursor = ms(span.start);
          for (const segment of closed) {
            expect(ms(segment.start)).toBe(cursor);
            expect(segment.seconds).toBeGreaterThan(0);
            expect(segment.seconds).toBe((ms(segment.end) - ms(segment.start)) / 1000);
            expect(segment.activity).not.toBe('logged-out');
            cursor = ms(segment.end);
          }
          expect(cursor).toBe(closed.length === 0 ? ms(span.start) : ms(span.end as string));
          expect(sum(closed.map((s) => s.seconds))).toBe(
            (ms(span.end as string) - ms(span.start)) / 1000,
          );

          const shown = segmentsOf(session, clock);
          const open = loggedInSpanOf(session, clock).end === undefined;
          shown.forEach((segment, index) => {
            const last = index === shown.length - 1;
            expect(segment.end === undefined).toBe(last && open);
            const next = shown[index + 1];
            if (next !== undefined) expect(segment.end).toBe(next.start);
          });
        }
      }),
    );
  });
});

describe('agent intervals of generated days', () => {
  it('add up: the four categories and the states each make loggedInSeconds', () => {
    fc.assert(
      fc.property(generatedDay, (day) => {
        const grid = gridOf(day);
        const lengths = new Map(
          grid.intervals.map((i) => [
            i.intervalStart,
            (ms(i.intervalEnd) - ms(i.intervalStart)) / 1000,
          ]),
        );
        for (const row of agentIntervals(day.sessions, day.calls, grid, day.clock)) {
          const { availableSeconds, talkSeconds, afterCallWorkSeconds, otherSeconds } = row;
          expect(availableSeconds + talkSeconds + afterCallWorkSeconds + otherSeconds).toBe(
            row.loggedInSeconds,
          );
          expect(sum(Object.values(row.stateSeconds))).toBe(row.loggedInSeconds);
          // One session at a time: never more logged-in time than the interval has.
          expect(row.loggedInSeconds).toBeLessThanOrEqual(lengths.get(row.intervalStart) as number);
          expect(Number.isInteger(row.loggedInSeconds)).toBe(true);
          expect(row.loggedInSeconds > 0 || row.callsHandled > 0).toBe(true);
        }
      }),
    );
  });

  it("match the agent's day segments, second for second", () => {
    fc.assert(
      fc.property(generatedDay, (day) => {
        const grid = gridOf(day);
        const rows = agentIntervals(day.sessions, day.calls, grid, day.clock);
        const segments = daySegments(day.sessions, grid.day, day.clock);
        const agents = new Set([...rows, ...segments].map((row) => row.agentId));
        for (const agentId of agents) {
          expect(sum(rows.filter((r) => r.agentId === agentId).map((r) => r.loggedInSeconds))).toBe(
            sum(segments.filter((s) => s.agentId === agentId).map((s) => s.seconds)),
          );
        }
      }),
    );
  });
});

describe('queue intervals of generated days', () => {
  it('offer each ended, gated call of the day once, and offered = answered + abandoned + otherEnded', () => {
    fc.assert(
      fc.property(generatedDay, fc.integer({ min: 0, max: 60 }), (day, threshold) => {
        const grid = gridOf(day);
        const rows = queueIntervals(day.calls, grid, threshold);
        for (const row of rows) {
          expect(row.offered).toBe(row.answered + row.abandoned + row.otherEnded);
          expect(row.answeredWithinThreshold).toBeLessThanOrEqual(row.answered);
        }
        const queueCalls = day.calls.filter(
          (call) =>
            call.callState !== undefined &&
            call.gateId !== undefined &&
            ms(call.callStart) >= ms(grid.day.start) &&
            ms(call.callStart) < ms(grid.day.end),
        );
        expect(sum(rows.map((row) => row.offered))).toBe(queueCalls.length);
        const gates = new Set(queueCalls.map((call) => `${call.gateId}/${call.callType}`));
        expect(rows).toHaveLength(gates.size * grid.intervals.length);
      }),
    );
  });
});

describe('day segments of generated days', () => {
  it('never overlap for one agent and lie within the day', () => {
    fc.assert(
      fc.property(generatedDay, (day) => {
        const { start, end } = localDayOf(day.date, day.timeZone);
        const rows = daySegments(day.sessions, localDayOf(day.date, day.timeZone), day.clock);
        rows.forEach((row, index) => {
          expect(ms(row.start)).toBeGreaterThanOrEqual(ms(start));
          expect(ms(row.end)).toBeLessThanOrEqual(ms(end));
          expect(row.seconds).toBe((ms(row.end) - ms(row.start)) / 1000);
          const next = rows[index + 1];
          if (next?.agentId === row.agentId)
            expect(ms(next.start)).toBeGreaterThanOrEqual(ms(row.end));
        });
      }),
    );
  });

  it('of two consecutive days partition the segments of both days', () => {
    fc.assert(
      fc.property(generatedDay, (day) => {
        const first = localDayOf(day.date, day.timeZone);
        const second = localDayOf(nextDate(day.date), day.timeZone);
        expect(second.start).toBe(first.end);
        const split = [
          ...daySegments(day.sessions, first, day.clock),
          ...daySegments(day.sessions, second, day.clock),
        ].sort((a, b) => a.agentId.localeCompare(b.agentId) || ms(a.start) - ms(b.start));
        // Join the two parts of each segment cut at midnight.
        const joined: typeof split = [];
        for (const row of split) {
          const last = joined.at(-1);
          const cutAtMidnight =
            last !== undefined &&
            row.start === first.end &&
            last.end === first.end &&
            last.agentLoginId === row.agentLoginId &&
            last.state === row.state &&
            last.auxState === row.auxState &&
            last.callId === row.callId;
          if (cutAtMidnight) {
            joined[joined.length - 1] = {
              ...last,
              end: row.end,
              seconds: last.seconds + row.seconds,
            };
          } else {
            joined.push(row);
          }
        }
        const whole = agentSegmentsWithin(
          day.sessions,
          { start: first.start, end: second.end },
          day.clock,
        )
          .flatMap(({ agentId, segments }) => segments.map((segment) => ({ agentId, ...segment })))
          .sort((a, b) => a.agentId.localeCompare(b.agentId) || ms(a.start) - ms(b.start));
        const shape = (row: (typeof split)[number]) =>
          [
            row.agentLoginId,
            row.state,
            row.auxState,
            row.callId,
            row.start,
            row.end,
            row.seconds,
          ].join('|');
        expect(joined.map(shape)).toEqual(whole.map(shape));
      }),
    );
  });
});
