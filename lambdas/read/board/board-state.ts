import type { AgentRow } from './agents-response';

/** What the supervisor chose to see; kept in the page's address so a wall screen can bookmark it. */
export interface Filters {
  readonly account: string;
  readonly activity: string;
  readonly showStale: boolean;
}

export const NO_FILTERS: Filters = { account: '', activity: '', showStale: false };

export function filtersFromQuery(search: string): Filters {
  const query = new URLSearchParams(search);
  return {
    account: query.get('account') ?? '',
    activity: query.get('activity') ?? '',
    showStale: query.get('stale') === 'true',
  };
}

/** The query string of the page's address for these filters ('' when none is set). */
export function filtersToQuery(filters: Filters): string {
  const query = new URLSearchParams();
  if (filters.account) query.set('account', filters.account);
  if (filters.activity) query.set('activity', filters.activity);
  if (filters.showStale) query.set('stale', 'true');
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The agents whose tiles are shown, in the API's order. */
export function shownAgents(agents: readonly AgentRow[], filters: Filters): AgentRow[] {
  return agents.filter(
    (agent) =>
      (!filters.account || agent.accountId === filters.account) &&
      (!filters.activity || agent.activity === filters.activity) &&
      (filters.showStale || !agent.stale),
  );
}

/**
 * Agents per activity in the chosen account, whatever the activity filter, so the totals stay
 * in view while the tiles show one activity. Stale sessions are not counted: their activity is
 * only the last one known before a missed LOGOUT.
 */
export function countsByActivity(
  agents: readonly AgentRow[],
  filters: Filters,
): ReadonlyMap<string, number> {
  const counts = new Map<string, number>();
  for (const agent of agents) {
    if (agent.stale || (filters.account && agent.accountId !== filters.account)) continue;
    counts.set(agent.activity, (counts.get(agent.activity) ?? 0) + 1);
  }
  return counts;
}

/** The accounts to offer in the account filter: those in the answer plus the chosen one. */
export function accountsOf(agents: readonly AgentRow[], chosen: string): string[] {
  const accounts = new Set(agents.map((agent) => agent.accountId));
  if (chosen) accounts.add(chosen);
  return [...accounts].sort();
}
