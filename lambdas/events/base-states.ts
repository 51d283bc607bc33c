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

/** Upper case, with runs of spaces, hyphens and underscores read as one space. */
export function comparableState(state: string): string {
  return state
    .trim()
    .toUpperCase()
    .replace(/[\s_-]+/g, ' ');
}

export function isDocumentedBaseState(state: string): boolean {
  return documented.has(comparableState(state));
}
