/**
 * Load for the reliability tests: the sample day sent over HTTP at a fixed rate, re-sending what
 * is answered 503 as a sender that retries would, and afterwards the account of every accepted
 * event id: stored, in the DLQ, or lost.
 */
import { type Message, SendMessageCommand } from '@aws-sdk/client-sqs';
import { type PacedAnswer, sendPaced } from '../../bin/cli/sender';
import type { LocalStack } from '../../bin/local/stack';
import { END_CALL_KEY } from '../../lambdas/calls/call-item';
import { eventIdOfKey } from '../../lambdas/events/order-key';
import { SESSION_MARKERS } from '../../lambdas/sessions/session-update';
import { waitUntilDrained } from './local-stack';
import { drainQueue } from './resources';
import { snapshot } from './store-tables';

type VendorEvent = Record<string, unknown>;

/** The day's peak rate: the events of its busiest second (they carry whole-second times). */
export function peakEventsPerSecond(day: readonly VendorEvent[]): number {
  const perSecond = new Map<unknown, number>();
  for (const event of day) {
    const second = event.date_time ?? event.call_start;
    perSecond.set(second, (perSecond.get(second) ?? 0) + 1);
  }
  return Math.max(...perSecond.values());
}

export interface BurstResult {
  /** Every answer, in the order they came. */
  answers: PacedAnswer[];
  /** Event id -> the vendor event, for every event answered 202. */
  accepted: Map<string, VendorEvent>;
  /** Requests that were sent again after a 503. */
  resent: number;
}

const RESEND_AFTER_MS = 1_000;
const MAX_ATTEMPTS = 60;

/** Sends `events` at `ratePerSecond`; an event answered 503 is sent again a second later. */
export async function sendBurst(
  stack: LocalStack,
  events: readonly VendorEvent[],
  ratePerSecond: number,
): Promise<BurstResult> {
  const result: BurstResult = { answers: [], accepted: new Map(), resent: 0 };
  const attempts = new Map<number, number>();
  // Enough slots to keep the schedule while requests wait out ingest's deadline.
  await sendPaced(stack.endpoints, events, ratePerSecond, 400, async (answer) => {
    result.answers.push(answer);
    if (answer.status === 202) {
      for (const { eventId } of (answer.body as { accepted: { eventId: string }[] }).accepted) {
        result.accepted.set(eventId, events[answer.index] as VendorEvent);
      }
      return false;
    }
    const attempt = (attempts.get(answer.index) ?? 1) + 1;
    attempts.set(answer.index, attempt);
    if (answer.status !== 503 || attempt > MAX_ATTEMPTS) return false;
    result.resent += 1;
    await new Promise((resolve) => setTimeout(resolve, RESEND_AFTER_MS));
    return true;
  });
  return result;
}

/**
 * The ids of the events the tables hold, per kind: a state event's timeline row, the LOGIN and
 * LOGOUT a session's markers name, the end-call a call record names. (An event a newer one of
 * its kind superseded would be missing; the sample day has none.)
 */
export async function storedEventIds(stack: LocalStack): Promise<Set<string>> {
  const { sessions, states, calls } = await snapshot(
    stack.endpoints.dynamodb.tables,
    stack.dynamodb,
  );
  const keys = [
    ...sessions.flatMap((session) => [
      session[SESSION_MARKERS.login],
      session[SESSION_MARKERS.logout],
    ]),
    ...calls.map((call) => call[END_CALL_KEY]),
  ].filter((key): key is string => typeof key === 'string');
  return new Set([...states.map((row) => String(row.eventId)), ...keys.map(eventIdOfKey)]);
}

export interface Account {
  accepted: number;
  stored: number;
  inDlq: number;
  lost: number;
  /** The dead-lettered messages, taken off the DLQ. */
  dead: Message[];
}

/** Once the events queue has drained: where each accepted event id ended up. */
export async function accountFor(stack: LocalStack, accepted: Set<string>): Promise<Account> {
  await waitUntilDrained(stack);
  const dead = await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs);
  const deadIds = new Set(dead.map((message) => JSON.parse(message.Body ?? '{}').eventId));
  const stored = await storedEventIds(stack);
  const ids = [...accepted];
  return {
    accepted: ids.length,
    stored: ids.filter((id) => stored.has(id)).length,
    inDlq: ids.filter((id) => deadIds.has(id) && !stored.has(id)).length,
    lost: ids.filter((id) => !stored.has(id) && !deadIds.has(id)).length,
    dead,
  };
}

/** An operator's redrive: the dead-lettered messages back onto the events queue. */
export async function redrive(stack: LocalStack, dead: readonly Message[]): Promise<void> {
  for (const message of dead) {
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.endpoints.sqs.eventsQueueUrl,
        MessageBody: message.Body,
      }),
    );
  }
  await waitUntilDrained(stack);
}
