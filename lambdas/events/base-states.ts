import { boundedMemo } from './bounded-memo';

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

/**
 * Upper case, with runs of spaces, hyphens and underscores read as one space. Senders use a few
 * dozen state names, so each is worked out once.
 */
export const comparableState = boundedMemo(
  (state) =>
    state
      .trim()
      .toUpperCase()
      .replace(/[\s_-]+/g, ' '),
  1_000,
);

export function isDocumentedBaseState(state: string): boolean {
  return documented.has(comparableState(state));
}
