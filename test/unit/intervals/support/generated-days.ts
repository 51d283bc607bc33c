import fc from 'fast-check';
import type { StoredCall } from '../../../../lambdas/calls/stored-call';
import type { AgentSession } from '../../../../lambdas/intervals/agent-sessions';
import { localDayOf } from '../../../../lambdas/intervals/local-day';
import type { Clock } from '../../../../lambdas/sessions/staleness';
import type { TimelineRow } from '../../../../lambdas/states/segments';
import { rowAt } from './sessions';

/**
 * Messy contact-center days as the tables hold them: agents with several sessions (overlapping,
 * across midnight, with and without LOGIN or LOGOUT, rows after the LOGOUT, same-second rows,
 * custom states and aux states in any spelling), calls of several queues handled, monitored,
 * abandoned, deflected or never ended, and a clock anywhere around the day.
 */
export interface GeneratedDay {
  readonly date: string;
  readonly timeZone: string;
  readonly minutes: 15 | 30;
  readonly sessions: readonly AgentSession[];
  readonly calls: readonly StoredCall[];
  readonly clock: Clock;
}

const ACCOUNT = '15300002';
const AGENT_IDS = ['1369310', '1369311', '1369312', '1400001'];
const CALL_IDS = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'];
const LOGINS = AGENT_IDS.flatMap((_, agent) => [0, 1, 2].map((session) => `L${agent}${session}`));
const HOUR = 3600;

const state = fc.constantFrom(
  'AVAILABLE',
  'Available',
  'TRANSITION',
  'ENGAGED',
  'WORKING',
  'ON BREAK',
  'ON-BREAK',
  'LUNCH',
  'Meeting',
  'LOGIN',
  'LOGOUT',
);
const auxState = fc.option(
  fc.constantFrom('Available', 'RINGING', 'RNA-STATE', 'WRAP-UP', 'Offhook Work', 'ACW', 'Coffee'),
  { nil: undefined },
);

const step = fc.record({
  gap: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2 * HOUR })),
  state,
  auxState,
  callId: fc.option(fc.constantFrom(...CALL_IDS), { nil: undefined }),
});

const sessionPlan = fc.record({
  /** Seconds from the day's first instant: from the evening before to past its end. */
  start: fc.integer({ min: -8 * HOUR, max: 26 * HOUR }),
  hasLogin: fc.integer({ min: 0, max: 5 }).map((draw) => draw > 0),
  firstRow: fc.integer({ min: -60, max: 600 }),
  steps: fc.array(step, { maxLength: 12 }),
  /** Seconds after the last row; negative leaves rows after the LOGOUT. */
  logout: fc.option(fc.integer({ min: -HOUR, max: 2 * HOUR }), { nil: undefined }),
  username: fc.option(fc.constantFrom('agent@example.test', 'Doe, Jane'), { nil: undefined }),
});

const callPlan = fc.record({
  callId: fc.constantFrom(...CALL_IDS, 'A1', 'A2', 'A3'),
  start: fc.integer({ min: -2 * HOUR, max: 26 * HOUR }),
  callType: fc.constantFrom('ACD', 'VPD'),
  callState: fc.option(fc.constantFrom('ANSWERED', 'ABANDONED', 'DEFLECTED', 'MACHINE'), {
    nil: undefined,
  }),
  gateId: fc.option(fc.constantFrom('72992', '72993', '81001'), { nil: undefined }),
  queueDuration: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
  handler: fc.option(
    fc.record({
      agentLoginId: fc.constantFrom(...LOGINS),
      engagedAfter: fc.integer({ min: 0, max: 300 }),
      talkSeconds: fc.integer({ min: 0, max: 900 }),
      afterCallWorkSeconds: fc.integer({ min: 0, max: 120 }),
    }),
    { nil: undefined },
  ),
  monitoredBy: fc.subarray(LOGINS, { maxLength: 2 }),
});

export const generatedDay: fc.Arbitrary<GeneratedDay> = fc
  .record({
    date: fc.constantFrom('2026-03-02', '2026-03-08', '2026-11-01', '2026-04-05'),
    timeZone: fc.constantFrom('America/New_York', 'UTC', 'Asia/Kathmandu', 'Australia/Lord_Howe'),
    minutes: fc.constantFrom(15 as const, 30 as const),
    agents: fc.array(fc.array(sessionPlan, { minLength: 1, maxLength: 3 }), {
      minLength: 1,
      maxLength: AGENT_IDS.length,
    }),
    calls: fc.uniqueArray(callPlan, { maxLength: 12, selector: (call) => call.callId }),
    nowAfter: fc.integer({ min: -2 * HOUR * 1000, max: 50 * HOUR * 1000 }),
    staleAfterHours: fc.constantFrom(1, 12),
  })
  .map(({ date, timeZone, minutes, agents, calls, nowAfter, staleAfterHours }) => {
    const dayStartMs = Date.parse(localDayOf(date, timeZone).start);
    const iso = (seconds: number) => new Date(dayStartMs + seconds * 1000).toISOString();
    const sessions = agents.flatMap((plans, agent) =>
      plans.map((plan, index) =>
        sessionOfPlan(plan, AGENT_IDS[agent] as string, `L${agent}${index}`, iso),
      ),
    );
    const storedCalls = calls.map((plan): StoredCall => {
      const { handler } = plan;
      const agent = handler === undefined ? undefined : AGENT_IDS[Number(handler.agentLoginId[1])];
      return {
        callId: plan.callId,
        accountId: ACCOUNT,
        callStart: iso(plan.start),
        ...(plan.callState === undefined
          ? {}
          : { callType: plan.callType, callState: plan.callState }),
        ...(plan.gateId === undefined
          ? {}
          : { gateId: plan.gateId, gateName: `Gate ${plan.gateId}` }),
        ...(plan.queueDuration === undefined ? {} : { queueDuration: plan.queueDuration }),
        ...(handler === undefined
          ? {}
          : {
              agentId: agent,
              agentLoginId: handler.agentLoginId,
              engagedAt: iso(plan.start + handler.engagedAfter),
              talkSeconds: handler.talkSeconds,
              afterCallWorkSeconds: handler.afterCallWorkSeconds,
            }),
        ...(plan.monitoredBy.length === 0 ? {} : { monitoredBy: plan.monitoredBy }),
      };
    });
    return {
      date,
      timeZone,
      minutes,
      sessions,
      calls: storedCalls,
      clock: { now: new Date(dayStartMs + nowAfter).toISOString(), staleAfterHours },
    };
  });

type SessionPlan = typeof sessionPlan extends fc.Arbitrary<infer Plan> ? Plan : never;

function sessionOfPlan(
  plan: SessionPlan,
  agentId: string,
  agentLoginId: string,
  iso: (seconds: number) => string,
): AgentSession {
  const rows: TimelineRow[] = [];
  let at = plan.start + plan.firstRow;
  plan.steps.forEach((step, index) => {
    at += step.gap;
    const callId = step.state === 'ENGAGED' ? step.callId : undefined;
    const eventId = `${agentLoginId}-${String(index).padStart(2, '0')}`;
    rows.push(rowAt(iso(at), step.state, step.auxState, callId, eventId));
  });
  const logoutAt =
    plan.logout === undefined ? undefined : iso(Math.max(plan.start, at + plan.logout));
  // A session item exists because of some event: without rows or a LOGOUT, its LOGIN.
  const loginAt = plan.hasLogin || (rows.length === 0 && logoutAt === undefined);
  const lastEventAt = [loginAt ? iso(plan.start) : undefined, logoutAt, rows.at(-1)?.occurredAt]
    .filter((time): time is string => time !== undefined)
    .sort()
    .at(-1) as string;
  return {
    agentLoginId,
    accountId: ACCOUNT,
    agentId,
    ...(plan.username === undefined ? {} : { username: plan.username }),
    ...(loginAt ? { loginAt: iso(plan.start) } : {}),
    ...(logoutAt === undefined ? {} : { logoutAt }),
    lastEventAt,
    rows,
  };
}
