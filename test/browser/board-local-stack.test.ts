/**
 * The wallboard in headless Chromium against a whole local stack: events sent over HTTP to the
 * real ingest, stored by the real store, read by the real read function that also serves the
 * page. Waits are Playwright's (a tile appears or changes), with room for a slow machine and
 * for a poll every 5 s; nothing assumes how long a step takes.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalStack } from '../../bin/local/stack';
import { activityLabel } from '../../lambdas/read/board/activities';
import { browserOutputPath, launchChromium, watchedPage } from '../support/browser';
import { LiveAgent, secondsBeforeNow, sendEvents } from '../support/live-agents';
import { startTestStack, waitUntilDrained } from '../support/local-stack';

jest.setTimeout(180_000);

/** A change shows within one poll (5 s) after the store has it, plus room for a slow machine. */
const WITHIN_A_POLL = { timeout: 30_000 };

let browser: Browser;
let stack: LocalStack;
let context: BrowserContext;
let page: Page;
let consoleErrors: string[];

beforeAll(async () => {
  [browser, stack] = await Promise.all([
    launchChromium(),
    startTestStack({ env: { POWERTOOLS_METRICS_DISABLED: 'true' } }),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

beforeEach(async () => {
  ({ context, page, consoleErrors } = await watchedPage(browser));
});

afterEach(async () => {
  await context?.close();
});

async function store(events: Record<string, unknown>[]): Promise<void> {
  await sendEvents(stack.endpoints, events);
  await waitUntilDrained(stack);
}

async function openBoard(query: string, token: string): Promise<void> {
  await page.goto(`${stack.endpoints.boardUrl}${query}`);
  const dialog = page.getByRole('dialog', { name: 'Read token' });
  await dialog.waitFor();
  await dialog.getByLabel('Read token').fill(token);
  await dialog.getByRole('button', { name: 'Connect' }).click();
}

const tile = (agentLoginId: string, activity?: string) =>
  page.locator(
    `.agent[data-agent="${agentLoginId}"]${activity === undefined ? '' : `[data-activity="${activity}"]`}`,
  );

describe('the wallboard on the local stack', () => {
  it('follows an agent through a call as the events arrive, ticks, and drops the agent at logout', async () => {
    const ago = secondsBeforeNow();
    const account = 'board-call';
    const agent = new LiveAgent({
      accountId: account,
      agentId: '1369310',
      agentLoginId: '812829048',
      username: 'maria.garcia@example.com',
    });
    const colleague = new LiveAgent({
      accountId: account,
      agentId: '1369311',
      agentLoginId: '812829049',
    });
    await store([
      agent.login(ago(90)),
      agent.move(ago(90), 'AVAILABLE'),
      colleague.login(ago(90)),
      colleague.move(ago(90), 'AVAILABLE'),
    ]);
    await openBoard(`?account=${account}`, stack.endpoints.readToken);
    await tile('812829048', 'available').waitFor(WITHIN_A_POLL);
    expect(await tile('812829048').locator('.agent-name').textContent()).toBe(
      'maria.garcia@example.com',
    );

    // Time in state ticks between polls.
    const time = tile('812829048').locator('time');
    const first = (await time.textContent()) ?? '';
    expect(first).toMatch(/^\d+:\d\d$/);
    await tile('812829048').locator('time', { hasNotText: first }).waitFor({ timeout: 10_000 });

    // Each step a second or more after the one before, at the time it is sent.
    let lastMs = ago(90).getTime();
    const now = () => {
      lastMs = Math.max(lastMs + 1000, secondsBeforeNow()(0).getTime());
      return new Date(lastMs);
    };
    const callId = '202611301319380132120000030797';
    const steps: [string, () => Record<string, unknown>[]][] = [
      [
        'ringing',
        () => {
          const at = now();
          return [agent.move(at, 'TRANSITION'), agent.move(at, 'ENGAGED', 'RINGING', callId)];
        },
      ],
      ['talking', () => [agent.move(now(), 'ENGAGED', '', callId)]],
      ['after-call-work', () => [agent.move(now(), 'WORKING')]],
      ['available', () => [agent.move(now(), 'AVAILABLE')]],
    ];
    for (const [activity, events] of steps) {
      await store(events());
      const shown = tile('812829048', activity);
      await shown.waitFor(WITHIN_A_POLL);
      expect(await shown.locator('.activity').textContent()).toBe(activityLabel(activity));
      if (activity === 'talking' || activity === 'ringing') {
        expect(await shown.locator('.agent-call').textContent()).toBe(`Call ${callId}`);
      }
      if (activity === 'talking') {
        await page.screenshot({ path: browserOutputPath('board-local-stack-talking.png') });
      }
    }
    expect(await page.locator(`.count[data-activity="available"] .count-value`).textContent()).toBe(
      '2',
    );

    await store([agent.logout(now())]);
    await tile('812829048').waitFor({ state: 'detached', ...WITHIN_A_POLL });
    expect(await tile('812829049', 'available').isVisible()).toBe(true);
    expect(await page.locator(`.count[data-activity="available"] .count-value`).textContent()).toBe(
      '1',
    );
    expect(consoleErrors).toEqual([]);
    await store([colleague.logout(now())]);
  });

  it('says when the token is refused: the webhook credential is not a read token', async () => {
    await openBoard('', stack.endpoints.token);
    const dialog = page.getByRole('dialog', { name: 'Read token' });
    await dialog.getByText('The read token was refused (401').waitFor(WITHIN_A_POLL);
    expect(await page.getByRole('status').textContent()).toContain('The read token was refused');
    expect(await page.evaluate('sessionStorage.length')).toBe(0);
    await page.screenshot({ path: browserOutputPath('board-local-stack-refused.png') });
  });

  it('shows a busy contact center stored from real events, on a 1080p wall screen', async () => {
    const ago = secondsBeforeNow();
    const busy = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'board', 'busy-board.json'), 'utf8'),
    ) as {
      agentLoginId: string;
      accountId: string;
      agentId: string;
      username?: string;
      state: string;
      auxState?: string;
      secondsInState: number;
      currentCallId?: string;
    }[];
    const events = busy.flatMap((fields) => {
      const agent = new LiveAgent(fields);
      const since = ago(fields.secondsInState);
      const login = agent.login(ago(fields.secondsInState + 600));
      if (fields.state === 'LOGIN') return [agent.login(since)];
      const callId = fields.state === 'ENGAGED' ? fields.currentCallId : undefined;
      return [login, agent.move(since, fields.state, fields.auxState ?? '', callId)];
    });
    await store(events);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await openBoard('', stack.endpoints.readToken);
    for (const fields of busy) {
      // The stale session (no event for hours) is left out unless asked for.
      if (fields.secondsInState < 12 * 3600) await tile(fields.agentLoginId).waitFor(WITHIN_A_POLL);
    }
    await page.screenshot({ path: browserOutputPath('board-local-stack-wall.png') });
    // docs/board.png, the README's picture, is refreshed on request only, not on every run.
    if (process.env.UPDATE_BOARD_SCREENSHOT === 'true') {
      copyFileSync(
        browserOutputPath('board-local-stack-wall.png'),
        join(__dirname, '..', '..', 'docs', 'board.png'),
      );
    }
    expect(consoleErrors).toEqual([]);
  });
});
