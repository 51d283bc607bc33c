import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ESBUILD_OPTIONS } from '../../../bin/local/bundles';
import { boardResponse } from '../../../lambdas/read/board-page';
import { boardPageDefines, buildBoardPage } from '../../../lib/board-assets';

const page = buildBoardPage();

function inlineBlocks(tag: 'script' | 'style'): string[] {
  return [...page.html.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map(
    ([, content]) => content ?? '',
  );
}

function sourceOf(text: string): string {
  return `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
}

describe('the wallboard page', () => {
  it('is one self-contained document: its script and CSS inline, nothing fetched from elsewhere', () => {
    expect(inlineBlocks('script')).toHaveLength(1);
    expect(inlineBlocks('style')).toHaveLength(1);
    expect(page.html).not.toMatch(
      /<script[^>]+src=|<link[^>]+stylesheet|@import|url\(\s*['"]?http/i,
    );
    expect(page.html).not.toMatch(/\/\* board\.(css|js) \*\//);
  });

  it('allows by hash exactly its own inline script and style, and reads only its own origin', () => {
    const [script = ''] = inlineBlocks('script');
    const [style = ''] = inlineBlocks('style');
    const directives = Object.fromEntries(
      page.contentSecurityPolicy.split('; ').map((directive) => {
        const [name, ...sources] = directive.split(' ');
        return [name, sources.join(' ')];
      }),
    );
    expect(directives).toEqual({
      'default-src': "'none'",
      'script-src': sourceOf(script),
      'style-src': sourceOf(style),
      'connect-src': "'self'",
      'img-src': 'data:',
      'base-uri': "'none'",
      'form-action': "'none'",
      'frame-ancestors': "'none'",
    });
  });

  it('is answered with no caching, its policy and the hardening headers', () => {
    expect(boardResponse()).toEqual({
      statusCode: 200,
      headers: {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': page.contentSecurityPolicy,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
        'x-frame-options': 'DENY',
      },
      body: page.html,
    });
  });

  it('is served from a bundle that holds it as constants and leaves the build tools out', async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'board-page-')), 'index.mjs');
    const result = await build({
      ...ESBUILD_OPTIONS,
      entryPoints: [join(__dirname, '..', '..', '..', 'lambdas', 'read', 'board-page.ts')],
      outfile,
      bundle: true,
      target: 'node24',
      define: boardPageDefines(),
      metafile: true,
      logLevel: 'error',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.filter((input) => /esbuild|board-assets/.test(input))).toEqual([]);
    // The bundle is ESM, as deployed: load it in its own Node.js process.
    const answered = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { boardResponse } = await import(${JSON.stringify(pathToFileURL(outfile).href)});
         process.stdout.write(JSON.stringify(boardResponse()));`,
      ],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(answered)).toEqual(boardResponse());
  }, 30_000);
});
