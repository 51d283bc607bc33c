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

/**
 * The fields one kind knows are written first, in one fixed order per kind (null when missing),
 * so the canonical objects of a kind share one shape and the validators that read them stay
 * fast. Fields the kind does not know follow and are listed in `unknownKeys`. Known names are
 * never Object.prototype members, so reading them needs no own-property check; `__proto__` is
 * defined as a plain field, never set as a prototype.
 */
export function canonicalFields(
  record: Readonly<Record<string, unknown>>,
  knownInOrder: readonly string[],
  isKnown: ReadonlySet<string>,
): { fields: CanonicalFields; unknownKeys: string[] } {
  const fields: Record<string, CanonicalValue> = {};
  for (const key of knownInOrder) fields[key] = canonicalValue(record[key]);
  const unknownKeys: string[] = [];
  for (const key of Object.keys(record)) {
    if (isKnown.has(key)) continue;
    unknownKeys.push(key);
    const value = canonicalValue(record[key]);
    if (key === '__proto__') {
      Object.defineProperty(fields, key, { value, enumerable: true, writable: true });
    } else {
      fields[key] = value;
    }
  }
  return { fields, unknownKeys };
}

/** A field of the received record as canonical text, or undefined when absent or not text. */
export function textOf(record: Readonly<Record<string, unknown>>, key: string): string | undefined {
  const value = Object.hasOwn(record, key) ? canonicalValue(record[key]) : null;
  return typeof value === 'string' ? value : undefined;
}
