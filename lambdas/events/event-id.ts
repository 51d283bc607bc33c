import { hash } from 'node:crypto';
import type { CanonicalFields } from './canonical';

/**
 * The event id is a hash of the event's canonical content: every non-null field, sorted by name.
 * A re-delivery, a re-encoding (JSON, query string, form) or a reordering of the fields yields
 * the same id, which is what lets the store and subscribers drop duplicates.
 */
export function eventIdOf(fields: CanonicalFields): string {
  let content = '';
  for (const key of Object.keys(fields).sort()) {
    const value = fields[key];
    if (value === null || value === undefined) continue;
    const text = typeof value === 'string' ? value : stableJson(value);
    // Length prefixes keep the concatenation unambiguous whatever the names and values hold.
    content += `${key.length}:${key}${text.length}:${text};`;
  }
  return hash('sha256', content, 'hex').slice(0, 32);
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
