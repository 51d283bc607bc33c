import { hash } from 'node:crypto';
import type { CanonicalFields } from './canonical';

/**
 * The event id is a hash of the event's canonical content: every non-null field, sorted by name.
 * A re-delivery, a re-encoding (JSON, query string, form) or a reordering of the fields yields
 * the same id, which is what lets the store and subscribers drop duplicates.
 */
export function eventIdOf(
  fields: CanonicalFields,
  knownInOrder: readonly string[],
  unknownKeys: readonly string[],
): string {
  let content = '';
  // Known names come in their precomputed sorted order; only unknown names need a sort.
  for (const key of knownInOrder) {
    const value = fields[key];
    if (value !== null && value !== undefined) content += entry(key, value);
  }
  if (unknownKeys.length > 0) {
    // A separator that no entry can produce keeps known and unknown names apart.
    content += '|';
    for (const key of [...unknownKeys].sort()) {
      const value = fields[key];
      if (value !== null && value !== undefined) content += entry(key, value);
    }
  }
  return hash('sha256', content, 'hex').slice(0, 32);
}

/** Length prefixes keep the concatenation unambiguous whatever the names and values hold. */
function entry(key: string, value: string | object): string {
  const text = typeof value === 'string' ? value : stableJson(value);
  return `${key.length}:${key}${text.length}:${text};`;
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
