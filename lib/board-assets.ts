/**
 * Builds the wallboard page (`GET /board`) at synth and bundle time with the locally installed
 * esbuild: the page script and its CSS are bundled and inlined into the HTML, so the read
 * function serves one self-contained page from its own bundle (no asset routes, no CDN), and
 * the Content-Security-Policy allows exactly those two inline blocks by hash.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { BoardPage } from '../lambdas/read/board-page';

const BOARD_DIR = join(__dirname, '..', 'lambdas', 'read', 'board');

/** Browsers the page is built for: those of the last few years, wall-screen sticks included. */
const BROWSER_TARGETS = ['chrome116', 'edge116', 'firefox124', 'safari17.4'];

const STYLE_SLOT = '<style>/* board.css */</style>';
const SCRIPT_SLOT = '<script>/* board.js */</script>';

/** The global the bundles read the page from (see `lambdas/read/board-page.ts`). */
export const BOARD_PAGE_GLOBALS = {
  html: '__BOARD_PAGE_HTML__',
  contentSecurityPolicy: '__BOARD_PAGE_CSP__',
} as const;

/** The page as the read function serves it: HTML with its script and CSS inline, and its CSP. */
export function buildBoardPage(): BoardPage {
  const script = bundle('main.ts');
  const style = bundle('board.css');
  const html = inline(readFileSync(join(BOARD_DIR, 'index.html'), 'utf8'), [
    [STYLE_SLOT, `<style>${style}</style>`],
    [SCRIPT_SLOT, `<script>${script}</script>`],
  ]);
  const contentSecurityPolicy = [
    "default-src 'none'",
    `script-src '${sha256(script)}'`,
    `style-src '${sha256(style)}'`,
    // The script reads /v1/agents on the page's own origin; the favicon is a data: URL.
    "connect-src 'self'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}

let definesOnce: Record<string, string> | undefined;

/**
 * esbuild `define`s that put the built page into a bundle as string constants: the bundle of
 * the function that serves it (`BOARD_FUNCTION`) gets them. Built once per process.
 */
export function boardPageDefines(): Record<string, string> {
  if (!definesOnce) {
    const page = buildBoardPage();
    definesOnce = {
      [BOARD_PAGE_GLOBALS.html]: JSON.stringify(page.html),
      [BOARD_PAGE_GLOBALS.contentSecurityPolicy]: JSON.stringify(page.contentSecurityPolicy),
    };
  }
  return definesOnce;
}

function bundle(entry: string): string {
  const { outputFiles } = buildSync({
    entryPoints: [join(BOARD_DIR, entry)],
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: BROWSER_TARGETS,
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'error',
  });
  const [output] = outputFiles;
  if (!output || outputFiles.length !== 1) throw new Error(`bundling ${entry} gave no single file`);
  // Inline, the text ends its element at the first closing tag of that element's kind.
  if (/<\/(script|style)/i.test(output.text)) {
    throw new Error(`${entry} contains a closing </script> or </style> tag`);
  }
  return output.text.trimEnd();
}

function inline(template: string, slots: ReadonlyArray<readonly [string, string]>): string {
  return slots.reduce((html, [slot, content]) => {
    const parts = html.split(slot);
    if (parts.length !== 2) throw new Error(`index.html must hold ${slot} exactly once`);
    // Joined, not String.replace: bundled code is full of `$&`-like sequences.
    return parts.join(content);
  }, template);
}

function sha256(text: string): string {
  return `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;
}
