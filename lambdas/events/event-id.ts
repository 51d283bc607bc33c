import { createHash } from 'node:crypto';
import type { CanonicalFields, CanonicalValue } from './canonical';

/**
 * The event id is a hash of the event's canonical content: every non-null field, sorted by name.
 * A re-delivery, a re-encoding (JSON, query string, form) or a reordering of the fields yields
 * the same id, which is what lets the store and subscribers drop duplicates.
 */
export function eventIdOf(fields: CanonicalFields): string {
  const entries: [string, CanonicalValue][] = [];
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value !== null && value !== undefined) {
      entries.push([key, typeof value === 'string' ? value : stableJson(value)]);
    }
  }
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 32);
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
