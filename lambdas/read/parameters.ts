import { InvalidParameter } from '../intervals/invalid-parameter';

/** Longest path parameter or text parameter taken (ids are a few dozen characters). */
const MAX_TEXT_LENGTH = 256;

/** ISO-8601 with a zone (`Z` or `+hh:mm`), or a date alone (midnight UTC). */
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * A request's query string, checked as it is read: only the route's own parameters, each at
 * most once, so a misspelt or repeated parameter is a 400 naming it rather than silently
 * ignored. Every problem is an `InvalidParameter` naming the parameter.
 */
export class QueryParameters {
  private readonly values = new Map<string, string>();

  constructor(rawQueryString: string, allowed: readonly string[]) {
    for (const [name, value] of new URLSearchParams(rawQueryString)) {
      if (!allowed.includes(name)) {
        throw new InvalidParameter(
          name,
          `unknown parameter; this route takes ${allowed.length > 0 ? allowed.join(', ') : 'none'}`,
        );
      }
      if (this.values.has(name)) throw new InvalidParameter(name, 'given more than once');
      this.values.set(name, value);
    }
  }

  /** An id, when given: non-empty, without `#` (the separator of keys such as `agentKey`). */
  id(name: string): string | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if (value.includes('#')) throw new InvalidParameter(name, 'must not contain #');
    return checkedText(name, value);
  }

  /** The value as sent, when given. */
  text(name: string): string | undefined {
    return this.values.get(name);
  }

  /** `true` or `false`; absent is false. */
  flag(name: string): boolean {
    const value = this.values.get(name);
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    throw new InvalidParameter(name, 'must be true or false');
  }

  oneOf<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const value = this.values.get(name);
    if (value === undefined) return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InvalidParameter(name, `must be one of ${choices.join(', ')}`);
  }

  /** An ISO-8601 time, as UTC with milliseconds (the tables' format). */
  time(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new InvalidParameter(name, 'required: an ISO-8601 time');
    const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
    if (!Number.isFinite(ms)) {
      throw new InvalidParameter(
        name,
        'must be an ISO-8601 time with its zone (2026-05-01T08:00:00Z) or a date',
      );
    }
    return new Date(ms).toISOString();
  }

  integer(name: string, range: { min: number; max: number; fallback: number }): number {
    const value = this.values.get(name);
    if (value === undefined) return range.fallback;
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    if (!(parsed >= range.min && parsed <= range.max)) {
      throw new InvalidParameter(name, `must be a whole number from ${range.min} to ${range.max}`);
    }
    return parsed;
  }
}

/** A route that takes no query parameters refuses any, naming it. */
export function noQueryParameters(rawQueryString: string): void {
  new QueryParameters(rawQueryString, []);
}

/** A path parameter: present, non-empty, of a sensible length. */
export function pathParameter(
  parameters: Readonly<Record<string, string | undefined>> | undefined,
  name: string,
): string {
  return checkedText(name, parameters?.[name] ?? '');
}

function checkedText(name: string, value: string): string {
  if (value.trim() === '') throw new InvalidParameter(name, 'must not be empty');
  if (value.length > MAX_TEXT_LENGTH) {
    throw new InvalidParameter(name, `must be at most ${MAX_TEXT_LENGTH} characters`);
  }
  return value;
}
