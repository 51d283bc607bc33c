/**
 * The vendor's documented base states. Real traffic spells some differently (`ON-BREAK` for
 * `ON BREAK`), so comparisons go through `comparableState`; stored values stay as sent.
 */
export const DOCUMENTED_BASE_STATES = [
  'AVAILABLE',
  'ON BREAK',
  'AWAY',
  'LUNCH',
  'TRAINING',
  'ENGAGED',
  'WORKING',
  'TRANSITION',
  'LOGIN',
  'LOGOUT',
] as const;

const documented = new Set<string>(DOCUMENTED_BASE_STATES);

const comparable = new Map<string, string>();
/** Senders use a few dozen state names; the bound only guards against a flood of odd ones. */
const COMPARABLE_CACHE_LIMIT = 1_000;

/** Upper case, with runs of spaces, hyphens and underscores read as one space. */
export function comparableState(state: string): string {
  let known = comparable.get(state);
  if (known === undefined) {
    known = state
      .trim()
      .toUpperCase()
      .replace(/[\s_-]+/g, ' ');
    if (comparable.size >= COMPARABLE_CACHE_LIMIT) comparable.clear();
    comparable.set(state, known);
  }
  return known;
}

export function isDocumentedBaseState(state: string): boolean {
  return documented.has(comparableState(state));
}
