/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Playwright's own browser
 * download needs the internet; the system package does not (`.ci/run` installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where browser tests leave screenshots (git-ignored). */
export const BROWSER_OUTPUT_DIR = join(__dirname, '..', 'browser', 'output');

/**
 * Flags for a headless root session on a machine without a GPU or an open network: without the
 * background-networking ones Chromium keeps trying Google's hosts and its connections are
 * refused. Playwright adds a fresh, temporary `--user-data-dir` to every launch itself (and
 * refuses one passed here), so no profile is shared between runs.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts headless Chromium, or fails saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM_PATH}; the browser tests need it. Install ` +
        "Debian's package (as root: apt-get update && apt-get install -y chromium; .ci/run does " +
        'this) or set CHROMIUM_PATH to another Chromium.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/** A path for a test's screenshot under BROWSER_OUTPUT_DIR (created if need be). */
export function browserOutputPath(file: string): string {
  mkdirSync(BROWSER_OUTPUT_DIR, { recursive: true });
  return join(BROWSER_OUTPUT_DIR, file);
}

/** A fresh page on a laptop-sized screen in UTC, and the errors its console reports. */
export interface WatchedPage {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Console errors, CSP violations included: a page must run under its own policy. */
  readonly consoleErrors: string[];
}

export async function watchedPage(browser: Browser): Promise<WatchedPage> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    timezoneId: 'UTC',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  return { context, page, consoleErrors };
}
