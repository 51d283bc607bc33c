/**
 * The wallboard page in headless Chromium, against a read API whose answers the tests control.
 * Waits are Playwright's (an element appears, a text changes), with timeouts generous enough
 * for a slow machine; nothing assumes how long a step takes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { activityLabel, BOARD_ACTIVITIES } from '../../lambdas/read/board/activities';
import { browserOutputPath, launchChromium, watchedPage } from '../support/browser';
import { type ApiAgent, apiAgent, FakeAgentsApi } from './fake-agents-api';

jest.setTimeout(90_000);

const TOKEN = 'board-read-token-0123456789';
/** A poll comes every 5 s: a change shows within one poll, plus room for a slow machine. */
const WITHIN_A_POLL = { timeout: 20_000 };

type FixtureAgent = Parameters<typeof apiAgent>[0];
const BUSY_BOARD: FixtureAgent[] = JSON.parse(
  readFileSync(join(__dirname, '..', 'fixtures', 'board', 'busy-board.json'), 'utf8'),
);

let browser: Browser;
let api: FakeAgentsApi;
let context: BrowserContext;
let page: Page;
/** Console errors, CSP violations included: the page must run under its own policy. */
let consoleErrors: string[];

beforeAll(async () => {
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  api = await FakeAgentsApi.start(TOKEN);
  ({ context, page, consoleErrors } = await watchedPage(browser));
});

afterEach(async () => {
  await context?.close();
  await api?.close();
});

function tile(agentLoginId: string): Locator {
  return page.locator(`.agent[data-agent="${agentLoginId}"]`);
}

function count(activity: string): Locator {
  return page.locator(`.count[data-activity="${activity}"] .count-value`);
}

async function enterToken(token: string): Promise<void> {
  const dialog = page.getByRole('dialog', { name: 'Read token' });
  await dialog.waitFor();
  await dialog.getByLabel('Read token').fill(token);
  await dialog.getByRole('button', { name: 'Connect' }).click();
}

/** Opens the board, enters the token, and waits for the first agent's tile. */
async function openBoard(agents: ApiAgent[]): Promise<void> {
  api.agents = agents;
  await page.goto(api.boardUrl);
  await enterToken(TOKEN);
  const first = agents.find((agent) => !agent.stale);
  if (first) await tile(first.agentLoginId).waitFor();
}

/** A computed style of the element `locator` points at. */
function style(locator: Locator, property: string): Promise<string> {
  return locator.evaluate(
    (element, name) =>
      element.ownerDocument.defaultView?.getComputedStyle(element).getPropertyValue(name) ?? '',
    property,
  );
}

describe('the wallboard', () => {
  it('loads without a credential, asks for the read token once, keeps it in sessionStorage and sends it as a bearer token', async () => {
    api.agents = [apiAgent({ agentLoginId: '1001', state: 'AVAILABLE', activity: 'available' })];
    const response = await page.goto(api.boardUrl);
    expect(response?.status()).toBe(200);
    expect(response?.headers()).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    });
    expect(response?.headers()['content-security-policy']).toMatch(
      /default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; connect-src 'self'/,
    );
    await page.getByRole('dialog', { name: 'Read token' }).waitFor();
    expect(api.requests).toHaveLength(0);

    await enterToken(TOKEN);
    await tile('1001').waitFor();
    expect(api.requests.at(-1)).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      cookie: undefined,
    });
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([TOKEN]);
    expect(await page.evaluate('localStorage.length')).toBe(0);
    expect(await context.cookies()).toEqual([]);
    expect(page.url()).not.toContain(TOKEN);

    // Asked once: a reload in the same tab reads with the kept token.
    const before = api.requests.length;
    await page.reload();
    await tile('1001').waitFor();
    expect(await page.getByRole('dialog').isVisible()).toBe(false);
    expect(api.requests.length).toBeGreaterThan(before);
    expect(api.requests.every((request) => request.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(page.url()).toBe(api.boardUrl);
    expect(consoleErrors).toEqual([]);
  });

  it('shows the counts per activity and one tile per agent, its activity by colour and by word', async () => {
    const agents = BUSY_BOARD.map((fields) => apiAgent(fields));
    await openBoard(agents);
    const current = agents.filter((agent) => !agent.stale);
    for (const activity of BOARD_ACTIVITIES) {
      const expected = current.filter((agent) => agent.activity === activity).length;
      expect({ activity, count: await count(activity).textContent() }).toEqual({
        activity,
        count: String(expected),
      });
    }
    expect(await page.locator('.agent').count()).toBe(current.length);

    const badgeColours = new Map<string, string>();
    for (const agent of current) {
      const agentTile = tile(agent.agentLoginId);
      expect(await agentTile.locator('.agent-name').textContent()).toBe(
        agent.username ?? agent.agentId,
      );
      const badge = agentTile.locator('.activity');
      expect(await badge.textContent()).toBe(activityLabel(agent.activity));
      const state = agent.auxState ? `${agent.state} · ${agent.auxState}` : agent.state;
      expect(await agentTile.locator('.agent-state').textContent()).toBe(state);
      const callShown = await agentTile.locator('.agent-call').isVisible();
      expect({ agent: agent.agentLoginId, callShown }).toEqual({
        agent: agent.agentLoginId,
        callShown: agent.activity === 'talking' || agent.activity === 'ringing',
      });
      if (callShown) {
        expect(await agentTile.locator('.agent-call').textContent()).toBe(
          `Call ${agent.currentCallId}`,
        );
      }
      const background = await style(badge, 'background-color');
      expect(contrastRatio(background, await style(badge, 'color'))).toBeGreaterThanOrEqual(4.5);
      badgeColours.set(agent.activity, background);
    }
    // One colour per activity, and never the only signal: the word is checked above.
    expect(new Set(badgeColours.values()).size).toBe(badgeColours.size);
    expect(consoleErrors).toEqual([]);
  });

  it('ticks the time in state every second between polls', async () => {
    // The API's clock stands still, so every answer says 1:05: only the page's tick moves it.
    api.frozenAt = Date.now();
    await openBoard([
      apiAgent(
        { agentLoginId: '1001', state: 'AVAILABLE', activity: 'available', secondsInState: 65 },
        api.frozenAt,
      ),
    ]);
    const time = tile('1001').locator('time');
    await page.locator('.agent[data-agent="1001"] time', { hasText: /^1:0[5-9]$/ }).waitFor();
    const first = await time.textContent();
    await page
      .locator('.agent[data-agent="1001"] time', { hasNotText: first ?? '' })
      .waitFor(WITHIN_A_POLL);
    expect(await time.textContent()).toMatch(/^1:(0[6-9]|1\d)$/);
    expect(await time.getAttribute('datetime')).toMatch(/^PT1M\d+S$/);
  });

  it('follows an agent through a call, and a logout removes the tile', async () => {
    const agent = apiAgent({ agentLoginId: '1001', state: 'AVAILABLE', activity: 'available' });
    const other = apiAgent({ agentLoginId: '1002', state: 'AVAILABLE', activity: 'available' });
    await openBoard([agent, other]);
    const steps: Partial<ApiAgent>[] = [
      { state: 'ENGAGED', auxState: 'RINGING', activity: 'ringing', currentCallId: 'c-42' },
      { state: 'ENGAGED', auxState: undefined, activity: 'talking', currentCallId: 'c-42' },
      { state: 'WORKING', activity: 'after-call-work' },
      { state: 'AVAILABLE', activity: 'available', currentCallId: undefined },
    ];
    for (const step of steps) {
      const since = new Date().toISOString();
      api.agents = [{ ...agent, ...step, since, lastEventAt: since }, other];
      await page
        .locator(`.agent[data-agent="1001"][data-activity="${step.activity}"]`)
        .waitFor(WITHIN_A_POLL);
      const shown = tile('1001');
      expect(await shown.locator('.activity').textContent()).toBe(
        activityLabel(step.activity ?? ''),
      );
      // A new state starts its clock again.
      expect(await shown.locator('time').textContent()).toMatch(/^0:0\d$/);
      const call = shown.locator('.agent-call');
      if (step.activity === 'talking' || step.activity === 'ringing') {
        expect(await call.textContent()).toBe('Call c-42');
      } else {
        expect(await call.isVisible()).toBe(false);
      }
      expect(await count(step.activity ?? '').textContent()).toBe(
        step.activity === 'available' ? '2' : '1',
      );
    }
    // The API leaves logged-out agents out of its list.
    api.agents = [other];
    await tile('1001').waitFor({ state: 'detached', ...WITHIN_A_POLL });
    expect(await count('available').textContent()).toBe('1');
    expect(await tile('1002').isVisible()).toBe(true);
  });

  it('reads at once when the tab is shown again, and not while it is hidden', async () => {
    // The page's timers run on a paused clock, so only the tab being shown can make it read;
    // its reads are counted as the page starts them (a request may reach the API later).
    await page.addInitScript(`
      window.agentReads = 0;
      const pageFetch = window.fetch;
      window.fetch = (...request) => { window.agentReads += 1; return pageFetch(...request); };
    `);
    await page.clock.install();
    await openBoard([
      apiAgent({ agentLoginId: '1001', state: 'AVAILABLE', activity: 'available' }),
    ]);
    await page.clock.pauseAt(Date.now() + 1_000);
    await setVisibility('hidden');
    const readsWhileShown = await page.evaluate('window.agentReads');
    await page.clock.runFor(3 * 5_000);
    expect(await page.evaluate('window.agentReads')).toBe(readsWhileShown);

    const since = new Date().toISOString();
    api.agents = [
      apiAgent({
        agentLoginId: '1001',
        state: 'ENGAGED',
        activity: 'talking',
        since,
        currentCallId: 'c-7',
      }),
    ];
    await setVisibility('visible');
    await page.locator('.agent[data-agent="1001"][data-activity="talking"]').waitFor(WITHIN_A_POLL);
    expect(await page.evaluate('window.agentReads')).toBe(Number(readsWhileShown) + 1);
  });

  it('says when the token is refused and reads with another one', async () => {
    api.agents = [apiAgent({ agentLoginId: '1001', state: 'AVAILABLE', activity: 'available' })];
    await page.goto(api.boardUrl);
    await enterToken('not-the-read-token');

    const dialog = page.getByRole('dialog', { name: 'Read token' });
    await dialog.getByText('The read token was refused (401').waitFor();
    await page.screenshot({ path: browserOutputPath('board-token-refused.png') });
    expect(await page.getByRole('status').textContent()).toContain('The read token was refused');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    const refused = api.requests.length;

    await enterToken(TOKEN);
    await tile('1001').waitFor();
    expect(api.requests.slice(refused).map((request) => request.authorization)).toEqual(
      expect.arrayContaining([`Bearer ${TOKEN}`]),
    );
    expect(await page.locator('#notice').isVisible()).toBe(false);

    // The token is rotated away while the board is open: the next poll is refused.
    api.token = 'rotated-read-token';
    await dialog.getByText('The read token was refused').waitFor(WITHIN_A_POLL);
    await page.keyboard.press('Escape');
    const another = page.getByRole('button', { name: 'Enter another token' });
    await another.click();
    await enterToken('rotated-read-token');
    await page.locator('#notice').waitFor({ state: 'hidden', ...WITHIN_A_POLL });
    expect(api.requests.at(-1)?.authorization).toBe('Bearer rotated-read-token');
  });

  it('says when the API is unreachable or failing, keeps the last agents, and recovers', async () => {
    await openBoard([
      apiAgent({ agentLoginId: '1001', state: 'AVAILABLE', activity: 'available' }),
    ]);
    expect(await page.locator('#updated').textContent()).toMatch(/^Last updated \d\d:\d\d:\d\d$/);

    api.outage = 'drop';
    const status = page.getByRole('status');
    await status.getByText('Cannot reach the agents API').waitFor(WITHIN_A_POLL);
    expect(await status.textContent()).toMatch(/Showing the agents as of \d\d:\d\d:\d\d/);
    expect(await tile('1001').isVisible()).toBe(true);
    expect(await page.locator('body').getAttribute('data-outdated')).toBe('true');
    await page.screenshot({ path: browserOutputPath('board-unreachable.png') });

    api.outage = 503;
    await status.getByText('it answered 503: Service Unavailable').waitFor(WITHIN_A_POLL);

    api.outage = undefined;
    await page.locator('#notice').waitFor({ state: 'hidden', ...WITHIN_A_POLL });
    expect(await page.locator('body').getAttribute('data-outdated')).toBe('false');
  });

  it('filters by account and by activity, and keeps the filters in the address', async () => {
    const agents = BUSY_BOARD.map((fields) => apiAgent(fields));
    await openBoard(agents);
    const shownIds = () =>
      page.locator('.agent').evaluateAll((tiles) => tiles.map((t) => t.getAttribute('data-agent')));

    await page.getByLabel('Account', { exact: true }).selectOption('15300007');
    const account = agents.filter((agent) => agent.accountId === '15300007' && !agent.stale);
    expect(await shownIds()).toEqual(account.map((agent) => agent.agentLoginId));
    expect(await count('talking').textContent()).toBe('1');
    expect(await count('available').textContent()).toBe('1');

    await page.getByLabel('Activity', { exact: true }).selectOption('away');
    expect(await shownIds()).toEqual(
      account.filter((agent) => agent.activity === 'away').map((agent) => agent.agentLoginId),
    );
    // The counts stay those of the whole account.
    expect(await count('available').textContent()).toBe('1');
    expect(new URL(page.url()).search).toBe('?account=15300007&activity=away');

    await page.reload();
    await page.locator('.agent').first().waitFor();
    expect(await page.getByLabel('Account', { exact: true }).inputValue()).toBe('15300007');
    expect(await page.getByLabel('Activity', { exact: true }).inputValue()).toBe('away');
    expect(await shownIds()).toEqual(['712830011']);

    await page.getByLabel('Activity', { exact: true }).selectOption('ringing');
    await page.getByText('No agent matches these filters.').waitFor();
  });

  it('shows stale sessions, greyed out and not counted, only when asked', async () => {
    const agents = BUSY_BOARD.map((fields) => apiAgent(fields));
    const stale = agents.find((agent) => agent.stale);
    if (!stale) throw new Error('the busy board has a stale session');
    await openBoard(agents);
    expect(await tile(stale.agentLoginId).count()).toBe(0);
    expect(api.requestsWith('includeStale', 'true')).toHaveLength(0);
    const available = await count('available').textContent();

    await page.getByLabel('Show stale sessions').check();
    const staleTile = page.locator(`.agent[data-agent="${stale.agentLoginId}"][data-stale="true"]`);
    await staleTile.waitFor(WITHIN_A_POLL);
    expect(api.requestsWith('includeStale', 'true').length).toBeGreaterThan(0);
    expect(await staleTile.locator('.agent-meta').textContent()).toMatch(/^Stale: no event since /);
    const fresh = tile(agents[0]?.agentLoginId ?? '');
    expect(await style(staleTile, 'background-color')).not.toBe(
      await style(fresh, 'background-color'),
    );
    expect(await style(staleTile.locator('.activity'), 'background-color')).toBe('rgb(58, 67, 84)');
    expect(await count('available').textContent()).toBe(available);
    expect(new URL(page.url()).searchParams.get('stale')).toBe('true');

    await page.getByLabel('Show stale sessions').uncheck();
    await tile(stale.agentLoginId).waitFor({ state: 'detached' });
  });

  it('can be used with the keyboard alone, with a visible focus', async () => {
    await openBoard(BUSY_BOARD.map((fields) => apiAgent(fields)));
    const focusOrder: string[] = [];
    for (let step = 0; step < 4; step += 1) {
      await page.keyboard.press('Tab');
      const focused = page.locator(':focus');
      focusOrder.push((await focused.getAttribute('id')) ?? '');
      expect(await style(focused, 'outline-style')).toBe('solid');
    }
    expect(focusOrder).toEqual([
      'filter-account',
      'filter-activity',
      'filter-stale',
      'change-token',
    ]);

    // Back to the activity filter; the arrow keys choose an activity.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('ArrowDown');
    await page.locator('.agent[data-activity="talking"]').first().waitFor();
    expect(await page.locator('.agent:not([data-activity="talking"])').count()).toBe(0);

    await page.getByRole('button', { name: 'Change token' }).focus();
    await page.keyboard.press('Enter');
    const input = page.getByRole('dialog', { name: 'Read token' }).getByLabel('Read token');
    expect(await input.evaluate((element) => element === element.ownerDocument.activeElement)).toBe(
      true,
    );
    // Escape leaves the dialog without taking what was typed.
    await page.keyboard.type('typed-then-cancelled');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.evaluate('Object.values(sessionStorage)')).toEqual([TOKEN]);
  });

  it('makes a readable busy board on a 1080p wall screen and on a laptop', async () => {
    api.frozenAt = Date.now();
    const agents = BUSY_BOARD.filter((agent) => !agent.stale).map((fields) =>
      apiAgent(fields, api.frozenAt),
    );
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openBoard(agents);
    // The README's picture is taken on the local stack (board-local-stack.test.ts).
    await page.screenshot({ path: browserOutputPath('board-wall.png') });
    const wallColumns = await gridColumns();

    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: browserOutputPath('board-laptop.png'), fullPage: true });
    expect(wallColumns).toBeGreaterThan(await gridColumns());
    // Counts readable across a room: at least 40 px tall digits on the wall screen.
    await page.setViewportSize({ width: 1920, height: 1080 });
    expect(Number.parseFloat(await style(count('talking'), 'font-size'))).toBeGreaterThanOrEqual(
      40,
    );
    expect(consoleErrors).toEqual([]);
  });
});

/** Makes the page believe its tab was hidden or shown (headless tabs are always visible). */
async function setVisibility(state: 'hidden' | 'visible'): Promise<void> {
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => ${state === 'hidden'} });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}

async function gridColumns(): Promise<number> {
  const template = await style(page.locator('.agents'), 'grid-template-columns');
  return template.split(' ').length;
}

/** WCAG contrast ratio of two computed `rgb(...)` colours. */
function contrastRatio(first: string, second: string): number {
  const luminance = (colour: string) => {
    const [r = 0, g = 0, b = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number);
    const linear = (channel: number) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const [light, dark] = [luminance(first), luminance(second)].sort((a, b) => b - a);
  return ((light ?? 0) + 0.05) / ((dark ?? 0) + 0.05);
}
