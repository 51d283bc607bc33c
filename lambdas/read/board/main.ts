/**
 * The wallboard: reads `/v1/agents` every few seconds (at once when the tab is shown again),
 * shows counts per activity and one tile per agent, and ticks the times in state in between.
 */
import { activityLabel, BOARD_ACTIVITIES } from './activities';
import { type AgentsOutcome, fetchAgents } from './agents-client';
import type { AgentsResponse } from './agents-response';
import { agentsUrl } from './agents-url';
import {
  accountsOf,
  countsByActivity,
  type Filters,
  filtersFromQuery,
  filtersToQuery,
  shownAgents,
} from './board-state';
import { forgetReadToken, storedReadToken, storeReadToken } from './read-token';
import { AgentTilesView, CountsView, element, timeOfDay } from './view';

const POLL_INTERVAL_MS = 5_000;
const TICK_MS = 1_000;

const ui = {
  total: element('total', HTMLSpanElement),
  updated: element('updated', HTMLParagraphElement),
  notice: element('notice', HTMLDivElement),
  status: element('status', HTMLParagraphElement),
  noticeToken: element('notice-token', HTMLButtonElement),
  account: element('filter-account', HTMLSelectElement),
  activity: element('filter-activity', HTMLSelectElement),
  stale: element('filter-stale', HTMLInputElement),
  changeToken: element('change-token', HTMLButtonElement),
  empty: element('empty', HTMLParagraphElement),
  dialog: element('token-dialog', HTMLDialogElement),
  tokenProblem: element('token-problem', HTMLParagraphElement),
  tokenInput: element('token-input', HTMLInputElement),
};
const counts = new CountsView(
  element('counts', HTMLUListElement),
  element('count-template', HTMLTemplateElement),
);
const tiles = new AgentTilesView(
  element('agents', HTMLUListElement),
  element('agent-template', HTMLTemplateElement),
);

let filters: Filters = filtersFromQuery(location.search);
let latest: { readonly answer: AgentsResponse; readonly answeredAtMs: number } | undefined;
let pollTimer: ReturnType<typeof setTimeout> | undefined;
let inFlight: AbortController | undefined;

for (const activity of BOARD_ACTIVITIES) {
  ui.activity.add(new Option(activityLabel(activity), activity));
}
showFilters();

/** Reads the agents now, then again every POLL_INTERVAL_MS while the tab is visible. */
async function refresh(): Promise<void> {
  clearTimeout(pollTimer);
  inFlight?.abort();
  const token = storedReadToken();
  if (!token) {
    showNotice('Enter the read token to see the agents.', 'Enter token');
    showUpdated();
    askForToken();
    return;
  }
  const request = new AbortController();
  inFlight = request;
  const outcome = await fetchAgents(
    agentsUrl(location.href, filters.showStale),
    token,
    request.signal,
  );
  if (outcome.kind === 'superseded') return;
  inFlight = undefined;
  if (outcome.kind === 'refused') {
    // Asking again with a refused token would only be refused again: wait for a new one.
    forgetReadToken();
    const reason = `The read token was refused (401${outcome.message && `: ${outcome.message}`}).`;
    showNotice(reason, 'Enter another token');
    showUpdated();
    askForToken(`${reason} Enter another read token.`);
    return;
  }
  answered(outcome);
  schedule();
}

function answered(outcome: Exclude<AgentsOutcome, { kind: 'refused' | 'superseded' }>): void {
  if (outcome.kind === 'answered') {
    latest = { answer: outcome.answer, answeredAtMs: performance.now() };
    hideNotice();
    document.body.dataset.outdated = 'false';
    render();
    return;
  }
  const what =
    outcome.kind === 'unreachable'
      ? `Cannot reach the agents API (${outcome.message}).`
      : `The agents API could not be read: ${outcome.message}.`;
  const since = latest ? ` Showing the agents as of ${timeOfDay(latest.answer.asOf)}.` : '';
  showNotice(`${what}${since} Trying again every ${POLL_INTERVAL_MS / 1000} s.`);
  document.body.dataset.outdated = String(latest !== undefined);
  showUpdated();
}

function schedule(): void {
  if (document.visibilityState === 'visible') pollTimer = setTimeout(refresh, POLL_INTERVAL_MS);
}

function render(): void {
  showUpdated();
  if (!latest) return;
  const { agents } = latest.answer;
  const perActivity = countsByActivity(agents, filters);
  counts.show(perActivity);
  const loggedIn = [...perActivity.values()].reduce((sum, count) => sum + count, 0);
  ui.total.textContent = `${loggedIn} logged in`;
  showAccounts(accountsOf(agents, filters.account));
  const shown = shownAgents(agents, filters);
  tiles.show(shown, latest.answeredAtMs, performance.now());
  ui.empty.hidden = shown.length > 0;
  ui.empty.textContent =
    agents.length === 0 ? 'No agent is logged in.' : 'No agent matches these filters.';
}

function showUpdated(): void {
  if (!latest) {
    ui.updated.textContent = 'Not connected';
    return;
  }
  const time = document.createElement('time');
  time.dateTime = latest.answer.asOf;
  time.textContent = timeOfDay(latest.answer.asOf);
  ui.updated.replaceChildren('Last updated ', time);
}

function showAccounts(accounts: readonly string[]): void {
  const wanted = ['', ...accounts];
  const current = [...ui.account.options].map((option) => option.value);
  if (wanted.join('\n') === current.join('\n')) return;
  ui.account.replaceChildren(
    ...wanted.map(
      (account) => new Option(account ? `Account ${account}` : 'All accounts', account),
    ),
  );
  ui.account.value = filters.account;
}

function showFilters(): void {
  showAccounts(accountsOf([], filters.account));
  ui.activity.value = filters.activity;
  ui.stale.checked = filters.showStale;
}

/** Shows a message, with a button to enter a token when `tokenAction` names one. */
function showNotice(message: string, tokenAction?: string): void {
  ui.status.textContent = message;
  ui.noticeToken.textContent = tokenAction ?? '';
  ui.noticeToken.hidden = !tokenAction;
  ui.notice.hidden = false;
}

function hideNotice(): void {
  ui.notice.hidden = true;
  ui.status.textContent = '';
}

/** Opens the token dialog, saying what was wrong with the last token if anything was. */
function askForToken(problem = ''): void {
  ui.tokenProblem.textContent = problem;
  ui.tokenProblem.hidden = !problem;
  if (ui.dialog.open) return;
  // Some browsers keep the last returnValue on Escape: clear it, or a typed token would count.
  ui.dialog.returnValue = '';
  ui.dialog.showModal();
}

function changeFilters(next: Filters): void {
  const readAgain = next.showStale !== filters.showStale;
  filters = next;
  history.replaceState(history.state, '', `${location.pathname}${filtersToQuery(filters)}`);
  render();
  if (readAgain) void refresh();
}

ui.account.addEventListener('change', () =>
  changeFilters({ ...filters, account: ui.account.value }),
);
ui.activity.addEventListener('change', () =>
  changeFilters({ ...filters, activity: ui.activity.value }),
);
ui.stale.addEventListener('change', () =>
  changeFilters({ ...filters, showStale: ui.stale.checked }),
);
ui.changeToken.addEventListener('click', () => askForToken());
ui.noticeToken.addEventListener('click', () => askForToken());
ui.dialog.addEventListener('close', () => {
  const token = ui.tokenInput.value.trim();
  ui.tokenInput.value = '';
  if (ui.dialog.returnValue !== 'connect' || !token) return;
  storeReadToken(token);
  void refresh();
});
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible') void refresh();
  else clearTimeout(pollTimer);
});
setInterval(() => tiles.tick(performance.now()), TICK_MS);
void refresh();
