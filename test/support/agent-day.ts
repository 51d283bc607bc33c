import fc from 'fast-check';
import type { Envelope } from '../../lambdas/events';
import { envelopeOf } from './contract';

/**
 * Realistic contact-center days in the vendor's exact field format: an agent logs in, takes calls
 * (ring, talk, optional after-call work with zoo aux states, breaks between calls), a supervisor
 * sometimes listens in, some end-call events never arrive, some calls are deflected, and the day
 * ends with a logout (sometimes in the middle of after-call work). `expectedCalls` is what the
 * store must derive from it, computed from the plan independently of the store's rules.
 */

const ACCOUNT = '15300002';
const BASE_MS = Date.parse('2020-06-30T13:00:00.000Z');

export const AGENT = {
  agentId: '1369310',
  agentLoginId: '612829048',
  username: 'agent@example.test',
  phone: '16505550100*1212@RC_SOFTPHONE',
};
export const SUPERVISOR = {
  agentId: '1400001',
  agentLoginId: '612900001',
  username: 'supervisor@example.test',
  phone: '16505550100*1300@RC_SOFTPHONE',
};
type Person = typeof AGENT;

export interface CallPlan {
  readonly gap: number;
  readonly ring: number;
  readonly talk: number;
  readonly afterCallWork?: { readonly aux: string; readonly seconds: number };
  readonly endCall: boolean;
  readonly queue: number;
  readonly supervisor?: { readonly join: number; readonly listen: number };
  readonly breakBefore?: { readonly state: string; readonly aux: string; readonly seconds: number };
  readonly auxUpdateAfter: boolean;
  readonly deflectedBefore: boolean;
}

export interface DayPlan {
  readonly calls: readonly CallPlan[];
  /** The agent logs out during the last call's after-call work (if it has any). */
  readonly logoutDuringWork: boolean;
  readonly loginAuxSameSecond: boolean;
}

export interface DayEvent {
  /** When the sender emits it: the order of the "in-order" run. */
  readonly emittedAt: number;
  readonly fields: Record<string, unknown>;
}

export interface ExpectedCall {
  readonly callId: string;
  /** Absent when no end-call event arrives. */
  readonly callState?: string;
  readonly agentLoginId?: string;
  readonly monitoredBy?: readonly string[];
  readonly inferred: boolean;
  readonly engagedAt?: string;
  readonly talkEndedAt?: string;
  readonly talkSeconds?: number;
  readonly afterCallWorkSeconds?: number;
}

export interface AgentDay {
  readonly plan: DayPlan;
  readonly events: readonly DayEvent[];
  readonly expectedCalls: readonly ExpectedCall[];
  /** The last state the agent (not the supervisor) is in, with its call id if engaged. */
  readonly expectedAgentState: string;
}

const afterCallWork = fc.record({
  aux: fc.constantFrom('', 'WRAP-UP', 'Offhook Work', 'Follow-Up'),
  seconds: fc.integer({ min: 1, max: 90 }),
});
const breakState = fc.record({
  state: fc.constantFrom('ON BREAK', 'ON-BREAK', 'LUNCH', 'AWAY'),
  aux: fc.constantFrom('', 'Bathroom Break', 'Meeting', 'ON-BREAK'),
  seconds: fc.integer({ min: 1, max: 600 }),
});

export const callPlan: fc.Arbitrary<CallPlan> = fc.record(
  {
    gap: fc.integer({ min: 1, max: 120 }),
    ring: fc.integer({ min: 0, max: 2 }),
    talk: fc.integer({ min: 1, max: 400 }),
    afterCallWork,
    // Three in four end-call events arrive.
    endCall: fc.integer({ min: 0, max: 3 }).map((draw) => draw > 0),
    queue: fc.integer({ min: 0, max: 30 }),
    supervisor: fc.record({
      join: fc.integer({ min: 1, max: 30 }),
      listen: fc.integer({ min: 0, max: 200 }),
    }),
    breakBefore: breakState,
    auxUpdateAfter: fc.boolean(),
    deflectedBefore: fc.boolean(),
  },
  {
    requiredKeys: ['gap', 'ring', 'talk', 'endCall', 'queue', 'auxUpdateAfter', 'deflectedBefore'],
  },
);

export const dayPlan: fc.Arbitrary<DayPlan> = fc.record({
  calls: fc.array(callPlan, { minLength: 1, maxLength: 4 }),
  logoutDuringWork: fc.boolean(),
  loginAuxSameSecond: fc.boolean(),
});

export const agentDay: fc.Arbitrary<AgentDay> = dayPlan.map(buildDay);

/** The day's events as envelopes, through the real contract. */
export function envelopesOf(day: AgentDay): Envelope[] {
  return day.events.map((event) => envelopeOf(event.fields));
}

export function isoAt(second: number): string {
  return new Date(BASE_MS + second * 1000).toISOString();
}

function localTime(second: number): string {
  return isoAt(second).slice(0, 19).replace('T', ' ');
}

class Timeline {
  private state = 'LOGIN';
  private aux = '';
  private since = 0;
  constructor(
    private readonly person: Person,
    private readonly emit: (second: number, fields: Record<string, unknown>) => void,
  ) {}

  get at(): number {
    return this.since;
  }

  session(eventType: 'LOGIN' | 'LOGOUT', second: number, duration: number): void {
    this.emit(second, {
      ...this.identity(),
      event_type: eventType,
      date_time: localTime(second),
      duration: String(duration),
    });
  }

  move(second: number, state: string, aux: string, call?: Record<string, string>): void {
    this.emit(second, {
      ...this.identity(),
      prev_state: this.state,
      prev_aux_state: this.aux,
      event_type: state,
      event_aux_type: aux,
      date_time: localTime(second),
      duration: String(second - this.since),
      pending_disp: '0',
      ...call,
    });
    this.state = state;
    this.aux = aux;
    this.since = second;
  }

  private identity(): Record<string, unknown> {
    return {
      account_id: ACCOUNT,
      agent_id: this.person.agentId,
      agent_login_id: this.person.agentLoginId,
      external_agent_id: null,
      username: this.person.username,
      agent_phone: this.person.phone,
      source_ip: '192.168.0.100',
    };
  }
}

export function buildDay(plan: DayPlan): AgentDay {
  const events: DayEvent[] = [];
  const emit = (second: number, fields: Record<string, unknown>) =>
    events.push({ emittedAt: second * 1000 + events.length, fields });
  const emitLater = (second: number, fields: Record<string, unknown>) =>
    events.push({ emittedAt: second * 1000 + 999, fields });
  const agent = new Timeline(AGENT, emit);
  const supervisor = new Timeline(SUPERVISOR, emit);
  const expectedCalls: ExpectedCall[] = [];

  agent.session('LOGIN', 0, 0);
  agent.move(0, 'AVAILABLE', '');
  agent.move(plan.loginAuxSameSecond ? 0 : 1, 'AVAILABLE', 'Available');
  supervisor.session('LOGIN', 2, 0);
  supervisor.move(2, 'AVAILABLE', '');
  supervisor.move(2, 'AVAILABLE', 'Available');

  let t = agent.at;
  let loggedOutAt: number | undefined;
  plan.calls.forEach((call, index) => {
    const last = index === plan.calls.length - 1;
    if (call.breakBefore !== undefined) {
      t += call.gap;
      agent.move(t, call.breakBefore.state, call.breakBefore.aux);
      t += call.breakBefore.seconds;
      agent.move(t, 'AVAILABLE', 'Available');
    }
    if (call.deflectedBefore) {
      const deflectedId = callIdAt(t, 900 + index);
      emitLater(t + 1, {
        account_id: ACCOUNT,
        call_id: deflectedId,
        event_type: 'ACD-CALL',
        call_start: localTime(t),
        call_state: 'DEFLECTED',
        call_duration: '1',
        queue_duration: '0',
        gate_id: '72992',
        gate_name: 'My Queue',
        dnis: '4155550110',
        ani: '5105550111',
        recording_url: '',
        agent_disposition: '',
      });
      expectedCalls.push({ callId: deflectedId, callState: 'DEFLECTED', inferred: false });
    }
    t += call.gap;
    const callStart = t - call.queue;
    const callId = callIdAt(callStart, index);
    agent.move(t, 'TRANSITION', '');
    t += call.ring;
    const engagedAt = t;
    agent.move(t, 'ENGAGED', '', {
      call_id: callId,
      call_source_id: '72992',
      call_source_name: 'My Queue',
      dnis: '2095550101',
      call_type: 'ACD',
    });
    if (call.supervisor !== undefined) {
      const join = Math.max(engagedAt + call.supervisor.join, supervisor.at + 1);
      supervisor.move(join, 'ENGAGED', '', { call_id: callId });
      supervisor.move(join + call.supervisor.listen, 'AVAILABLE', 'Available');
    }
    t += call.talk;
    const talkEndedAt = t;
    let workSeconds = 0;
    if (call.afterCallWork !== undefined) {
      agent.move(t, 'WORKING', call.afterCallWork.aux);
      t += call.afterCallWork.seconds;
      workSeconds = call.afterCallWork.seconds;
    }
    if (last && plan.logoutDuringWork && call.afterCallWork !== undefined) {
      loggedOutAt = t;
    } else {
      agent.move(t, 'AVAILABLE', '');
      if (call.auxUpdateAfter) agent.move(t, 'AVAILABLE', 'Available');
    }
    if (call.endCall) {
      emitLater(talkEndedAt + 2, {
        account_id: ACCOUNT,
        call_id: callId,
        event_type: 'ACD-CALL',
        call_start: localTime(callStart),
        call_state: 'ANSWERED',
        call_duration: String(talkEndedAt - callStart),
        queue_duration: String(call.queue),
        gate_id: '72992',
        gate_name: 'My Queue',
        dnis: '4155550110',
        ani: '5105550111',
        agent_id: AGENT.agentId,
        external_agent_id: null,
        username: AGENT.username,
        recording_url: `https://recordings.example.test/${callId}.WAV`,
        agent_disposition: '',
      });
    }
    expectedCalls.push({
      callId,
      ...(call.endCall ? { callState: 'ANSWERED' } : {}),
      agentLoginId: AGENT.agentLoginId,
      monitoredBy: call.supervisor === undefined ? undefined : [SUPERVISOR.agentLoginId],
      inferred: !call.endCall,
      engagedAt: isoAt(engagedAt),
      talkEndedAt: isoAt(talkEndedAt),
      talkSeconds: talkEndedAt - engagedAt,
      afterCallWorkSeconds: workSeconds,
    });
  });
  const agentLogout = loggedOutAt ?? t + 5;
  const expectedAgentState = loggedOutAt === undefined ? 'AVAILABLE' : 'WORKING';
  agent.session('LOGOUT', agentLogout, agentLogout);
  const supervisorLogout = Math.max(supervisor.at, agentLogout) + 1;
  supervisor.session('LOGOUT', supervisorLogout, supervisorLogout - 2);
  events.sort((a, b) => a.emittedAt - b.emittedAt);
  return { plan, events, expectedCalls, expectedAgentState };
}

/** Call ids begin with the call's start time, as the vendor's do. */
function callIdAt(second: number, index: number): string {
  const stamp = isoAt(second).slice(0, 19).replace(/[-T:]/g, '');
  return `${stamp}01321300000${String(index).padStart(5, '0')}`;
}
