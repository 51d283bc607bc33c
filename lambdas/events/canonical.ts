/**
 * One event's fields reduced to what they mean, so every encoding of the same event reads the
 * same: numbers and booleans become text, surrounding spaces go, and a missing value, JSON
 * `null`, the text `null` and an empty string are all null (the query-string encoding cannot
 * tell them apart). Nested JSON values are kept as they are for the schemas to refuse or for
 * `extra` to keep.
 */
export type CanonicalValue = string | null | object;
export type CanonicalFields = Readonly<Record<string, CanonicalValue>>;

export function isFieldObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function canonicalValue(value: unknown): CanonicalValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' || text === 'null' ? null : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  return value as object;
}

/** Own properties only, into a prototype-less object: `__proto__` is just another field name. */
export function canonicalFields(record: Record<string, unknown>): CanonicalFields {
  const fields: Record<string, CanonicalValue> = Object.create(null);
  for (const key of Object.keys(record)) {
    fields[key] = canonicalValue(record[key]);
  }
  return fields;
}

/** The field as text, or undefined when it is missing, null or not text. */
export function textOf(fields: CanonicalFields, key: string): string | undefined {
  const value = fields[key];
  return typeof value === 'string' ? value : undefined;
}
