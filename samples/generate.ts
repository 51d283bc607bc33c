/**
 * Generates a contact-center day in the sender's exact field format (every value a string, the
 * vendor's field order, `null` external ids, zone-less local times), as NDJSON in delivery order:
 *
 *   npm run sample -- [--agents 10] [--seed 7] [--date 2026-03-02] [--out samples/contact-center-day.ndjson]
 *
 * Agents log in, go through inbound (ACD) and outbound (VPD) calls with after-call work, take
 * breaks with custom aux states, and log out. Same-second pairs happen as in real traffic
 * (LOGIN -> AVAILABLE, TRANSITION -> ENGAGED). A supervisor silently monitors some calls, a few
 * end-call events never arrive, and calls that reach no agent end DEFLECTED or ABANDON(ED).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

type Fields = Record<string, string | null>;
interface Timed {
  at: number;
  fields: Fields;
}

/** mulberry32: small, fast and reproducible from a seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    between: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T,
    chance: (probability: number) => next() < probability,
  };
}
type Random = ReturnType<typeof random>;

const ACCOUNT_ID = '15300002';
const QUEUES = [
  { id: '72992', name: 'My Queue', dnis: '4155550110' },
  { id: '72993', name: 'Billing', dnis: '4155550112' },
  { id: '72994', name: 'Tech Support', dnis: '4155550114' },
] as const;
const CAMPAIGN = { id: '81001', name: 'Renewals Outbound', dnis: '6505550199' };
const BREAKS = [
  { state: 'ON BREAK', aux: 'Bathroom Break' },
  { state: 'ON BREAK', aux: 'Coffee' },
  { state: 'LUNCH', aux: 'Lunch' },
  { state: 'TRAINING', aux: 'Email Support' },
  { state: 'AWAY', aux: 'Meeting' },
  { state: 'Meeting', aux: 'Team Huddle' },
] as const;
const WRAP_UP_AUX = ['WRAP-UP', 'Offhook Work', 'Follow-Up'] as const;

function localTime(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
}

function callId(startSeconds: number, serial: number): string {
  const stamp = localTime(startSeconds).replace(/[-: ]/g, '');
  return `${stamp}01321${String(serial).padStart(11, '0')}`;
}

interface Agent {
  agentId: string;
  loginId: string;
  username: string;
  phone: string;
  ip: string;
  externalId: string | null;
}

interface ActiveCall {
  callId: string;
  agent: Agent;
  engagedAt: number;
  endsAt: number;
}

class Day {
  readonly events: Timed[] = [];
  readonly activeCalls: ActiveCall[] = [];
  private serial = 0;

  constructor(readonly rng: Random) {}

  nextCallId(startSeconds: number): string {
    this.serial += 1;
    return callId(startSeconds, this.serial);
  }

  emit(at: number, fields: Fields): void {
    this.events.push({ at, fields });
  }
}

function sessionEvent(agent: Agent, at: number, eventType: string, duration: number): Fields {
  return {
    external_agent_id: agent.externalId,
    duration: String(duration),
    agent_login_id: agent.loginId,
    account_id: ACCOUNT_ID,
    event_type: eventType,
    agent_id: agent.agentId,
    date_time: localTime(at),
    agent_phone: agent.phone,
    username: agent.username,
    source_ip: agent.ip,
  };
}

/** Tracks one agent's current state to emit state events with the vendor's prev_* fields. */
class AgentTimeline {
  state = 'LOGIN';
  aux = '';
  since: number;

  constructor(
    readonly day: Day,
    readonly agent: Agent,
    start: number,
  ) {
    this.since = start;
  }

  go(at: number, state: string, aux: string, extra: Fields = {}, pendingDisp = '0'): void {
    const fields: Fields = {
      agent_id: this.agent.agentId,
      prev_state: this.state,
      prev_aux_state: this.aux,
      agent_phone: this.agent.phone,
      source_ip: this.agent.ip,
      external_agent_id: this.agent.externalId,
      duration: String(Math.max(0, at - this.since)),
      agent_login_id: this.agent.loginId,
      account_id: ACCOUNT_ID,
      event_type: state,
      event_aux_type: aux,
      date_time: localTime(at),
      pending_disp: pendingDisp,
      username: this.agent.username,
      ...extra,
    };
    this.day.emit(at, fields);
    this.state = state;
    this.aux = aux;
    this.since = at;
  }
}

function endCall(
  call: { callId: string; start: number; talk: number; queued: number },
  type: 'ACD-CALL' | 'VPD-CALL',
  state: string,
  source: { id: string; name: string; dnis: string },
  ani: string,
  agent?: Agent,
  disposition = '',
): Fields {
  const recording =
    agent === undefined
      ? ''
      : `https://c02-recordings.virtualacd.biz/api/v1/calls/recordings/?v=1&accountId=${ACCOUNT_ID}&bucket=c02-recordings&region=us-east-1&compliance=false&file=${ACCOUNT_ID}/${call.callId}-1.WAV`;
  const fields: Fields = {
    recording_url: recording,
    ...(agent === undefined ? {} : { agent_id: agent.agentId }),
    queue_duration: String(call.queued),
    agent_disposition: disposition,
    gate_name: source.name,
    call_state: state,
    call_duration: String(call.talk),
    call_id: call.callId,
    ...(agent === undefined ? {} : { external_agent_id: agent.externalId }),
    account_id: ACCOUNT_ID,
    event_type: type,
    gate_id: source.id,
    call_start: localTime(call.start),
    dnis: source.dnis,
    ani,
    ...(agent === undefined ? {} : { username: agent.username }),
  };
  return fields;
}

function phoneNumber(rng: Random): string {
  return `${rng.pick(['510', '415', '650', '312', '773'])}555${String(rng.between(0, 9999)).padStart(4, '0')}`;
}

/** One agent's shift: login, calls and breaks until the shift ends, logout. */
function agentShift(day: Day, agent: Agent, shiftStart: number, shiftEnd: number): void {
  const { rng } = day;
  day.emit(shiftStart, sessionEvent(agent, shiftStart, 'LOGIN', 0));
  const timeline = new AgentTimeline(day, agent, shiftStart);
  timeline.go(shiftStart, 'AVAILABLE', '');
  let now = shiftStart + rng.between(0, 1);
  timeline.go(now, 'AVAILABLE', 'Available');

  while (now < shiftEnd) {
    now += rng.between(5, 240);
    const roll = rng.next();
    if (roll < 0.12) {
      const pause = rng.pick(BREAKS);
      timeline.go(now, pause.state, pause.aux);
      now += rng.between(120, pause.state === 'LUNCH' ? 1800 : 600);
      timeline.go(now, 'AVAILABLE', 'Available');
      continue;
    }
    const inbound = roll < 0.72;
    const source = inbound ? rng.pick(QUEUES) : CAMPAIGN;
    const queued = inbound ? rng.between(0, 90) : 0;
    const ringing = rng.chance(0.6) ? 0 : rng.between(1, 3);
    timeline.go(now, 'TRANSITION', rng.chance(0.2) ? 'RINGING' : '');
    const engagedAt = now + ringing;
    const id = day.nextCallId(engagedAt - queued);
    const machine = !inbound && rng.chance(0.15);
    const talk = machine ? rng.between(2, 8) : rng.between(20, 600);
    timeline.go(engagedAt, 'ENGAGED', '', {
      call_id: id,
      call_source_id: source.id,
      call_source_name: source.name,
      dnis: source.dnis,
      call_type: inbound ? 'ACD' : 'VPD',
    });
    day.activeCalls.push({ callId: id, agent, engagedAt, endsAt: engagedAt + talk });
    now = engagedAt + talk;
    const wrapUp = rng.chance(0.85) ? rng.between(5, 90) : 0;
    timeline.go(now, 'WORKING', rng.pick(WRAP_UP_AUX), {}, '1');
    // Some end-call events are never delivered; the store infers the call's end from the states.
    if (!rng.chance(0.03)) {
      const call = { callId: id, start: engagedAt - queued, talk, queued };
      const ani = phoneNumber(rng);
      const state = inbound ? 'ANSWERED' : machine ? 'MACHINE' : 'ANSWERED';
      const disposition = rng.pick(['', '', 'Resolved', 'Callback requested', 'Sale']);
      day.emit(
        now + rng.between(1, 3),
        endCall(call, inbound ? 'ACD-CALL' : 'VPD-CALL', state, source, ani, agent, disposition),
      );
    }
    now += wrapUp;
    timeline.go(now, 'AVAILABLE', 'Available');
  }
  const loggedIn = now + 5 - shiftStart;
  timeline.go(now + 5, 'LOGOUT', '');
  day.emit(now + 5, sessionEvent(agent, now + 5, 'LOGOUT', loggedIn));
}

/** A supervisor who silently monitors calls goes ENGAGED with the monitored agent's call id. */
function supervisorShift(day: Day, supervisor: Agent, start: number, end: number): void {
  const { rng } = day;
  day.emit(start, sessionEvent(supervisor, start, 'LOGIN', 0));
  const timeline = new AgentTimeline(day, supervisor, start);
  timeline.go(start, 'AVAILABLE', '');
  timeline.go(start + 1, 'AVAILABLE', 'Available');
  let free = start + 1;
  const calls = [...day.activeCalls].sort((a, b) => a.engagedAt - b.engagedAt);
  for (const call of calls) {
    if (call.engagedAt <= free || call.endsAt - call.engagedAt < 60 || !rng.chance(0.08)) continue;
    const listenFrom = call.engagedAt + rng.between(5, 30);
    timeline.go(listenFrom, 'ENGAGED', 'Monitoring', {
      call_id: call.callId,
      call_source_id: null,
      call_source_name: null,
      dnis: null,
      call_type: null,
    });
    timeline.go(call.endsAt, 'AVAILABLE', 'Available');
    free = call.endsAt;
  }
  const stop = Math.max(end, free) + 10;
  timeline.go(stop, 'LOGOUT', '');
  day.emit(stop, sessionEvent(supervisor, stop, 'LOGOUT', stop - start));
}

/** Calls that reach no agent: inbound DEFLECTED / ABANDON, outbound ABANDONED. */
function unansweredCalls(day: Day, dayStart: number, dayEnd: number, count: number): void {
  const { rng } = day;
  for (let index = 0; index < count; index++) {
    const start = rng.between(dayStart, dayEnd);
    const kind = rng.pick(['DEFLECTED', 'ABANDON', 'ABANDONED'] as const);
    const inbound = kind !== 'ABANDONED';
    const source = inbound ? rng.pick(QUEUES) : CAMPAIGN;
    const queued = kind === 'ABANDON' ? rng.between(10, 300) : 0;
    const call = { callId: day.nextCallId(start), start, talk: rng.between(0, 2), queued };
    day.emit(
      start + queued + call.talk + rng.between(1, 3),
      endCall(call, inbound ? 'ACD-CALL' : 'VPD-CALL', kind, source, phoneNumber(rng)),
    );
  }
}

export function generateDay(options: { agents: number; seed: number; date: string }): Fields[] {
  const day = new Day(random(options.seed));
  const { rng } = day;
  const opening = Date.parse(`${options.date}T08:00:00Z`) / 1000;
  for (let index = 0; index < options.agents; index++) {
    const agent: Agent = {
      agentId: String(1369310 + index),
      loginId: String(612829048 + index * 7919),
      username: `agent${index + 1}+${ACCOUNT_ID}_${1791 + index}@example.com`,
      phone: `1650555${String(100 + index).padStart(4, '0')}*${1212 + index}@RC_SOFTPHONE`,
      ip: `192.168.0.${100 + index}`,
      externalId: index % 3 === 0 ? `EXT-${index + 1}` : null,
    };
    const start = opening + rng.between(0, 1800);
    agentShift(day, agent, start, start + rng.between(6, 8) * 3600);
  }
  const supervisor: Agent = {
    agentId: '1369900',
    loginId: '612999001',
    username: `supervisor+${ACCOUNT_ID}_1900@example.com`,
    phone: '16505550900*1900@RC_SOFTPHONE',
    ip: '192.168.0.90',
    externalId: 'SUP-1',
  };
  supervisorShift(day, supervisor, opening, opening + 9 * 3600);
  unansweredCalls(day, opening, opening + 9 * 3600, Math.max(3, options.agents * 2));
  // Delivery order is time order; events of one second keep the order they were produced in.
  return day.events
    .map((event, index) => ({ ...event, index }))
    .sort((a, b) => a.at - b.at || a.index - b.index)
    .map((event) => event.fields);
}

if (require.main === module) {
  const { values } = parseArgs({
    options: {
      agents: { type: 'string', default: '10' },
      seed: { type: 'string', default: '7' },
      date: { type: 'string', default: '2026-03-02' },
      out: { type: 'string', default: 'samples/contact-center-day.ndjson' },
    },
  });
  const events = generateDay({
    agents: Number(values.agents),
    seed: Number(values.seed),
    date: values.date,
  });
  writeFileSync(values.out, `${events.map((event) => JSON.stringify(event)).join('\n')}\n`);
  console.log(`wrote ${events.length} events to ${values.out}`);
}
