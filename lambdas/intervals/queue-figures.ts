import type { StoredCall } from '../calls/stored-call';
import { compareIds } from './agent-sessions';
import { InvalidParameter } from './invalid-parameter';
import { type DayIntervals, intervalIndexAt } from './local-day';

/**
 * **Queue intervals**: one row per queue (`gateId`, with its `callType`) seen that day and per
 * interval of the day, intervals without calls included (all counts 0). A call counts in the
 * interval that contains its `callStart`.
 * - `offered`: calls with an end-call event; `answered`: `callState` ANSWERED; `abandoned`:
 *   ABANDONED; `otherEnded`: the rest (DEFLECTED, MACHINE, ...). So offered = answered +
 *   abandoned + otherEnded.
 * - `answeredWithinThreshold`: answered with `queueDuration <= serviceLevelSeconds` (default 20);
 *   an answered call without a queue duration is not within it.
 * - `serviceLevelPercent`: answeredWithinThreshold / (answered + abandoned) x 100.
 * - `averageQueueSeconds`: over answered calls with a queue duration; `averageTalkSeconds`,
 *   `averageAfterCallWorkSeconds` and `averageHandleSeconds` (talk + after-call work) over
 *   answered calls whose handler's engagement is known (`agentLoginId` with its talk and
 *   after-call-work seconds).
 * - Percent and averages have one decimal and are absent when nothing counts.
 * - Only calls with an end-call that names a gate are queue calls: outbound (VPD) calls are rows
 *   of their campaign's gate with `callType` VPD; an end-call without a gate, and a call whose
 *   end-call never arrived (`inferred`, its queue unknown), are in no queue row. A gate id is
 *   an inbound queue or an outbound campaign; should one id carry calls of both types, each type
 *   gets its own rows. `gateName` is the name on the gate's latest call that carries one.
 */
export interface QueueIntervalRow {
  readonly gateId: string;
  readonly gateName?: string;
  readonly callType?: string;
  readonly intervalStart: string;
  readonly localStart: string;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly otherEnded: number;
  readonly answeredWithinThreshold: number;
  readonly serviceLevelPercent?: number;
  readonly averageQueueSeconds?: number;
  readonly averageTalkSeconds?: number;
  readonly averageAfterCallWorkSeconds?: number;
  readonly averageHandleSeconds?: number;
}

export const QUEUE_INTERVAL_COLUMNS = [
  'gateId',
  'gateName',
  'callType',
  'intervalStart',
  'localStart',
  'offered',
  'answered',
  'abandoned',
  'otherEnded',
  'answeredWithinThreshold',
  'serviceLevelPercent',
  'averageQueueSeconds',
  'averageTalkSeconds',
  'averageAfterCallWorkSeconds',
  'averageHandleSeconds',
] as const satisfies readonly (keyof QueueIntervalRow)[];

export const DEFAULT_SERVICE_LEVEL_SECONDS = 20;

interface QueueCall extends StoredCall {
  readonly gateId: string;
  readonly callState: string;
}

interface Queue {
  readonly gateId: string;
  readonly callType?: string;
  readonly calls: QueueCall[][];
  latestNamed?: QueueCall;
}

export function queueIntervals(
  calls: readonly StoredCall[],
  grid: DayIntervals,
  serviceLevelSeconds: number = DEFAULT_SERVICE_LEVEL_SECONDS,
): QueueIntervalRow[] {
  if (!Number.isFinite(serviceLevelSeconds) || serviceLevelSeconds < 0) {
    throw new InvalidParameter('serviceLevelSeconds', 'must be a number of seconds, 0 or more');
  }
  const queues = new Map<string, Queue>();
  for (const call of calls) {
    if (!isQueueCall(call)) continue;
    const index = intervalIndexAt(grid, Date.parse(call.callStart));
    if (index === undefined) continue;
    const key = `${call.gateId}\u0000${call.callType ?? ''}`;
    let queue = queues.get(key);
    if (queue === undefined) {
      queue = {
        gateId: call.gateId,
        ...(call.callType === undefined ? {} : { callType: call.callType }),
        calls: grid.intervals.map(() => []),
      };
      queues.set(key, queue);
    }
    queue.calls[index]?.push(call);
    if (call.gateName !== undefined && isLater(call, queue.latestNamed)) queue.latestNamed = call;
  }
  return [...queues.values()]
    .sort(
      (a, b) => compareIds(a.gateId, b.gateId) || compareIds(a.callType ?? '', b.callType ?? ''),
    )
    .flatMap((queue) =>
      grid.intervals.map((interval, index) => ({
        gateId: queue.gateId,
        ...(queue.latestNamed?.gateName === undefined
          ? {}
          : { gateName: queue.latestNamed.gateName }),
        ...(queue.callType === undefined ? {} : { callType: queue.callType }),
        intervalStart: interval.intervalStart,
        localStart: interval.localStart,
        ...figuresOf(queue.calls[index] ?? [], serviceLevelSeconds),
      })),
    );
}

type Figures = Omit<
  QueueIntervalRow,
  'gateId' | 'gateName' | 'callType' | 'intervalStart' | 'localStart'
>;

function figuresOf(calls: readonly QueueCall[], serviceLevelSeconds: number): Figures {
  const answered = calls.filter((call) => call.callState === 'ANSWERED');
  const abandoned = calls.filter((call) => call.callState === 'ABANDONED').length;
  const queued = answered.flatMap((call) =>
    call.queueDuration === undefined ? [] : [call.queueDuration],
  );
  const withinThreshold = queued.filter((seconds) => seconds <= serviceLevelSeconds).length;
  const handled = answered.flatMap(({ agentLoginId, talkSeconds, afterCallWorkSeconds }) =>
    agentLoginId === undefined || talkSeconds === undefined || afterCallWorkSeconds === undefined
      ? []
      : [{ talkSeconds, afterCallWorkSeconds }],
  );
  return {
    offered: calls.length,
    answered: answered.length,
    abandoned,
    otherEnded: calls.length - answered.length - abandoned,
    answeredWithinThreshold: withinThreshold,
    ...optional('serviceLevelPercent', ratio(withinThreshold * 100, answered.length + abandoned)),
    ...optional('averageQueueSeconds', average(queued)),
    ...optional('averageTalkSeconds', average(handled.map((call) => call.talkSeconds))),
    ...optional(
      'averageAfterCallWorkSeconds',
      average(handled.map((call) => call.afterCallWorkSeconds)),
    ),
    ...optional(
      'averageHandleSeconds',
      average(handled.map((call) => call.talkSeconds + call.afterCallWorkSeconds)),
    ),
  };
}

function isLater(call: StoredCall, than: StoredCall | undefined): boolean {
  if (than === undefined || call.callStart > than.callStart) return true;
  return call.callStart === than.callStart && call.callId > than.callId;
}

function isQueueCall(call: StoredCall): call is QueueCall {
  return call.callState !== undefined && call.gateId !== undefined;
}

function average(values: readonly number[]): number | undefined {
  return ratio(
    values.reduce((sum, value) => sum + value, 0),
    values.length,
  );
}

/** One decimal; `undefined` when nothing counts. */
function ratio(numerator: number, denominator: number): number | undefined {
  return denominator === 0 ? undefined : Math.round((numerator / denominator) * 10) / 10;
}

function optional<K extends string>(name: K, value: number | undefined): { [P in K]?: number } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: number };
}
