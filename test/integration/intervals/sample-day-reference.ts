/**
 * The interval figures of a day of vendor events, computed the plainest way from the events as
 * the sender posts them (not from the tables, and with none of the production modules): each
 * agent's state events in order make spans, each span is cut at interval boundaries, each
 * end-call is counted in the interval of its start. The local stack reads `date_time` in UTC.
 * Written for the sample day's shapes: one session per agent, every session logged out.
 */
type RawEvent = Record<string, string | null | undefined>;

const WRAP_UP = new Set(['WRAP-UP', 'WRAPUP', 'OFFHOOK WORK', 'OFF HOOK WORK', 'ACW']);
const RINGING = new Set(['RINGING', 'RNA-STATE']);

/**
 * Delivery does not keep the order of one second's events, so the events of one second are
 * taken in the order the README's same-second table gives (the sender's cycle LOGIN, AVAILABLE,
 * TRANSITION, ENGAGED, WORKING, other states, LOGOUT; an aux-only change after its state), then
 * in the file's order.
 */
const CYCLE = ['LOGIN', 'AVAILABLE', 'TRANSITION', 'ENGAGED', 'WORKING'];
function sameSecondRank(event: RawEvent): number {
  if (!event.prev_state) return event.event_type === 'LOGOUT' ? 90 : 0;
  const state = String(event.event_type);
  const base =
    state === 'LOGOUT' ? 70 : CYCLE.includes(state) ? (CYCLE.indexOf(state) + 1) * 10 : 60;
  return event.prev_state === state ? base + 5 : base;
}

const timeOf = (local: string | null | undefined) =>
  Date.parse(`${String(local).replace(' ', 'T')}Z`);
const iso = (ms: number) => new Date(ms).toISOString();
const oneDecimal = (value: number) => Math.round(value * 10) / 10;

interface Span {
  agentId: string;
  agentLoginId: string;
  state: string;
  aux: string;
  callId?: string;
  start: number;
  end: number;
}

interface Call {
  callId: string;
  gateId: string;
  gateName: string;
  callType: string;
  callState: string;
  start: number;
  queued: number;
  handlerAgentId?: string;
}

export interface ReferenceDay {
  readonly spans: Span[];
  readonly calls: Map<string, Call>;
  /** callId -> the handler's talk and after-call work, from the handler's own state events. */
  readonly engagements: Map<
    string,
    { agentId: string; engagedAt: number; talk: number; acw: number }
  >;
}

export function referenceDay(events: readonly RawEvent[]): ReferenceDay {
  const calls = new Map<string, Call>();
  const bySession = new Map<string, { event: RawEvent; index: number }[]>();
  events.forEach((event, index) => {
    if (event.call_state) {
      const state = String(event.call_state).toUpperCase();
      calls.set(String(event.call_id), {
        callId: String(event.call_id),
        gateId: String(event.gate_id),
        gateName: String(event.gate_name),
        callType: event.event_type === 'VPD-CALL' ? 'VPD' : 'ACD',
        callState: state === 'ABANDON' ? 'ABANDONED' : state,
        start: timeOf(event.call_start),
        queued: Number(event.queue_duration),
        ...(event.agent_id ? { handlerAgentId: String(event.agent_id) } : {}),
      });
      return;
    }
    const list = bySession.get(String(event.agent_login_id)) ?? [];
    list.push({ event, index });
    bySession.set(String(event.agent_login_id), list);
  });

  const spans: Span[] = [];
  const engagedFirst = new Map<string, { agentId: string; at: number }>();
  const sessionEvents = new Map<string, RawEvent[]>();
  for (const [agentLoginId, list] of bySession) {
    const ordered = list
      .sort(
        (a, b) =>
          timeOf(a.event.date_time) - timeOf(b.event.date_time) ||
          sameSecondRank(a.event) - sameSecondRank(b.event) ||
          a.index - b.index,
      )
      .map(({ event }) => event);
    sessionEvents.set(agentLoginId, ordered);
    const login = ordered.find((event) => event.event_type === 'LOGIN' && !event.prev_state);
    const logout = ordered.find((event) => event.event_type === 'LOGOUT' && !event.prev_state);
    if (login === undefined || logout === undefined) throw new Error('the sample closes sessions');
    const agentId = String(login.agent_id);
    const states = ordered.filter((event) => event.prev_state);
    let current = { state: 'LOGIN', aux: '', callId: undefined as string | undefined };
    let since = timeOf(login.date_time);
    const end = timeOf(logout.date_time);
    for (const event of [...states, undefined]) {
      const at = event === undefined ? end : Math.min(timeOf(event.date_time), end);
      if (at > since) spans.push({ agentId, agentLoginId, ...current, start: since, end: at });
      if (event === undefined) break;
      since = at;
      current = {
        state: String(event.event_type),
        aux: String(event.event_aux_type ?? ''),
        callId: event.call_id ? String(event.call_id) : undefined,
      };
      if (current.state === 'ENGAGED' && current.callId && !RINGING.has(current.aux)) {
        const first = engagedFirst.get(current.callId);
        if (first === undefined || at < first.at) engagedFirst.set(current.callId, { agentId, at });
      }
    }
  }

  const engagements: ReferenceDay['engagements'] = new Map();
  const handlerOf = (callId: string) =>
    calls.get(callId)?.handlerAgentId ??
    (calls.has(callId) ? undefined : engagedFirst.get(callId)?.agentId);
  for (const [callId] of engagedFirst) {
    const handler = handlerOf(callId);
    if (handler === undefined) continue;
    for (const ordered of sessionEvents.values()) {
      if (String(ordered[0]?.agent_id) !== handler) continue;
      const states = ordered.filter((event) => event.prev_state || event.event_type === 'LOGOUT');
      const talkAt = states.findIndex(
        (event) => event.event_type === 'ENGAGED' && event.call_id === callId,
      );
      if (talkAt < 0) continue;
      const talkEnd = states.findIndex(
        (event, index) =>
          index > talkAt && !(event.event_type === 'ENGAGED' && event.call_id === callId),
      );
      const acwEnd = states.findIndex(
        (event, index) =>
          index >= talkEnd &&
          !(
            event.event_type === 'WORKING' ||
            WRAP_UP.has(String(event.event_aux_type ?? '').toUpperCase())
          ),
      );
      const [engaged, talked, worked] = [talkAt, talkEnd, acwEnd].map((index) =>
        timeOf(states[index]?.date_time),
      ) as [number, number, number];
      engagements.set(callId, {
        agentId: handler,
        engagedAt: engaged,
        talk: (talked - engaged) / 1000,
        acw: (worked - talked) / 1000,
      });
    }
  }
  return { spans, calls, engagements };
}

export interface Grid {
  readonly startMs: number;
  readonly endMs: number;
  readonly minutes: number;
}

const intervalStarts = ({ startMs, endMs, minutes }: Grid) => {
  const starts: number[] = [];
  for (let at = startMs; at < endMs; at += minutes * 60_000) starts.push(at);
  return starts;
};

export function referenceQueueRows(day: ReferenceDay, grid: Grid, serviceLevelSeconds = 20) {
  const queues = [
    ...new Set(
      [...day.calls.values()]
        .filter((call) => call.start >= grid.startMs && call.start < grid.endMs)
        .map((call) => `${call.gateId}|${call.callType}`),
    ),
  ].sort();
  return queues.flatMap((queue) => {
    const [gateId, callType] = queue.split('|') as [string, string];
    const ofQueue = [...day.calls.values()].filter(
      (call) => call.gateId === gateId && call.callType === callType,
    );
    return intervalStarts(grid).map((start) => {
      const inside = ofQueue.filter(
        (call) => call.start >= start && call.start < start + grid.minutes * 60_000,
      );
      const answered = inside.filter((call) => call.callState === 'ANSWERED');
      const abandoned = inside.filter((call) => call.callState === 'ABANDONED').length;
      const within = answered.filter((call) => call.queued <= serviceLevelSeconds).length;
      const handled = answered.flatMap((call) => {
        const engagement = day.engagements.get(call.callId);
        return engagement === undefined ? [] : [engagement];
      });
      const mean = (values: number[]) =>
        values.length === 0
          ? undefined
          : oneDecimal(values.reduce((a, b) => a + b, 0) / values.length);
      const row: Record<string, unknown> = {
        gateId,
        gateName: ofQueue[0]?.gateName,
        callType,
        intervalStart: iso(start),
        offered: inside.length,
        answered: answered.length,
        abandoned,
        otherEnded: inside.length - answered.length - abandoned,
        answeredWithinThreshold: within,
        serviceLevelPercent:
          answered.length + abandoned === 0
            ? undefined
            : oneDecimal((within * 100) / (answered.length + abandoned)),
        averageQueueSeconds: mean(answered.map((call) => call.queued)),
        averageTalkSeconds: mean(handled.map((call) => call.talk)),
        averageAfterCallWorkSeconds: mean(handled.map((call) => call.acw)),
        averageHandleSeconds: mean(handled.map((call) => call.talk + call.acw)),
      };
      return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== undefined));
    });
  });
}

function categoryOf(span: Span, day: ReferenceDay): 'available' | 'talk' | 'acw' | 'other' {
  const aux = span.aux.toUpperCase();
  if (span.state === 'WORKING' || WRAP_UP.has(aux)) return 'acw';
  if (span.state === 'AVAILABLE') return 'available';
  if (span.state === 'ENGAGED' && !RINGING.has(aux)) {
    const handler =
      span.callId === undefined ? span.agentId : day.engagements.get(span.callId)?.agentId;
    return handler === span.agentId ? 'talk' : 'other';
  }
  return 'other';
}

interface AgentRow {
  agentId: string;
  start: number;
  loggedInSeconds: number;
  availableSeconds: number;
  talkSeconds: number;
  afterCallWorkSeconds: number;
  otherSeconds: number;
  callsHandled: number;
  stateSeconds: Record<string, number>;
}

const FIELD = {
  available: 'availableSeconds',
  talk: 'talkSeconds',
  acw: 'afterCallWorkSeconds',
  other: 'otherSeconds',
} as const;

export function referenceAgentRows(day: ReferenceDay, grid: Grid) {
  const rows = new Map<string, AgentRow>();
  const rowOf = (agentId: string, start: number): AgentRow => {
    const key = `${agentId.padStart(12, '0')}|${String(start).padStart(15, '0')}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = {
        agentId,
        start,
        loggedInSeconds: 0,
        availableSeconds: 0,
        talkSeconds: 0,
        afterCallWorkSeconds: 0,
        otherSeconds: 0,
        callsHandled: 0,
        stateSeconds: {},
      };
      rows.set(key, row);
    }
    return row;
  };
  for (const start of intervalStarts(grid)) {
    const end = Math.min(start + grid.minutes * 60_000, grid.endMs);
    for (const span of day.spans) {
      const seconds = (Math.min(end, span.end) - Math.max(start, span.start)) / 1000;
      if (seconds <= 0) continue;
      const row = rowOf(span.agentId, start);
      row.loggedInSeconds += seconds;
      row[FIELD[categoryOf(span, day)]] += seconds;
      const name = span.aux === '' ? span.state : `${span.state}/${span.aux}`;
      row.stateSeconds[name] = (row.stateSeconds[name] ?? 0) + seconds;
    }
    for (const engagement of day.engagements.values()) {
      if (engagement.engagedAt >= start && engagement.engagedAt < end) {
        rowOf(engagement.agentId, start).callsHandled += 1;
      }
    }
  }
  return [...rows.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([, { start, stateSeconds, ...row }]) => ({
      ...row,
      intervalStart: iso(start),
      stateSeconds: Object.fromEntries(
        Object.entries(stateSeconds).sort(([a], [b]) => (a < b ? -1 : 1)),
      ),
    }));
}

/** Spans of one state, merged while state, aux and call repeat, clipped to the day. */
export function referenceSegments(day: ReferenceDay, grid: Grid) {
  const merged: Span[] = [];
  for (const span of day.spans) {
    const last = merged.at(-1);
    if (
      last &&
      last.agentLoginId === span.agentLoginId &&
      last.end === span.start &&
      last.state === span.state &&
      last.aux === span.aux &&
      last.callId === span.callId
    ) {
      last.end = span.end;
    } else merged.push({ ...span });
  }
  return merged
    .map((span) => ({
      ...span,
      start: Math.max(span.start, grid.startMs),
      end: Math.min(span.end, grid.endMs),
    }))
    .filter((span) => span.end > span.start)
    .sort(
      (a, b) =>
        a.agentId.padStart(12, '0').localeCompare(b.agentId.padStart(12, '0')) || a.start - b.start,
    )
    .map((span) => ({
      agentId: span.agentId,
      agentLoginId: span.agentLoginId,
      state: span.state,
      ...(span.aux === '' ? {} : { auxState: span.aux }),
      start: iso(span.start),
      end: iso(span.end),
      seconds: (span.end - span.start) / 1000,
      ...(span.callId === undefined ? {} : { callId: span.callId }),
    }));
}
