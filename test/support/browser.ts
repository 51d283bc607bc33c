/**
 * Debian's Chromium driven by playwright-core, for the browser tests. Playwright's own browser
 * download needs the internet; the system package does not (`.ci/run` installs it).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';

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
