/**
 * The total order of events: `${occurredAt}#${sequence, 2 digits}#${eventId}`. Comparing two keys
 * as strings compares (occurredAt, sequence, eventId) lexicographically, which is the "last writer
 * wins" order of the whole store. It is also the states table's sort key (`timelineKey`).
 */
export interface Ordered {
  readonly occurredAt: string;
  readonly sequence: number;
  readonly eventId: string;
}

export function orderKey({ occurredAt, sequence, eventId }: Ordered): string {
  if (!Number.isInteger(sequence) || sequence < 0 || sequence > 99) {
    throw new RangeError(`sequence ${sequence} does not fit the two-digit order key`);
  }
  return `${occurredAt}#${String(sequence).padStart(2, '0')}#${eventId}`;
}

export function occurredAtOfKey(key: string): string {
  return key.slice(0, key.indexOf('#'));
}

export function eventIdOfKey(key: string): string {
  return key.slice(key.lastIndexOf('#') + 1);
}

export function earlierKey(a: string, b: string): string {
  return a < b ? a : b;
}
