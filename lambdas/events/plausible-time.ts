import { type Issue, issue } from './issues';

/**
 * Event times that can only be mistakes (a clock reset, a typing error) are refused rather than
 * stored: one dated year 9999 would be its session's current state forever, and retention
 * counts from the event's time, so year 0001 would be written already expired.
 */

/** The earliest time an event may carry (the sender's product is far younger). */
export const EARLIEST_EVENT_TIME = '2000-01-01T00:00:00.000Z';
/** How far ahead of its receipt an event may be dated: zones and clocks differ by hours. */
export const MAX_LEAD_HOURS = 24;

const EARLIEST_MS = Date.parse(EARLIEST_EVENT_TIME);
const MAX_LEAD_MS = MAX_LEAD_HOURS * 3_600_000;

/**
 * An issue naming `field` when the event's time (`occurredAt`, read from the local text
 * `localTime`) lies before EARLIEST_EVENT_TIME or more than MAX_LEAD_HOURS after `receivedAt`.
 */
export function implausibleTimeIssue(
  occurredAt: string,
  localTime: string,
  receivedAt: Date,
  field: string,
): Issue | undefined {
  const at = Date.parse(occurredAt);
  if (at < EARLIEST_MS) {
    return issue(field, `"${localTime}" is before ${EARLIEST_EVENT_TIME.slice(0, 10)}`);
  }
  if (at - receivedAt.getTime() > MAX_LEAD_MS) {
    return issue(
      field,
      `"${localTime}" (${occurredAt}) is more than ${MAX_LEAD_HOURS} hours after the request was received (${receivedAt.toISOString()})`,
    );
  }
  return undefined;
}
