import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../../bin/local/bundles';
import { buildBoardPage } from '../../lib/board-assets';
import { LAZY_CREDENTIAL_PROVIDERS } from '../../lib/bundling';

const bundleOf = async (name: 'ingest' | 'store' | 'read') =>
  readFileSync(await bundleHandler(name, mkdtempSync(join(tmpdir(), 'bundle-')), 'node24'), 'utf8');

describe('the deployed bundles', () => {
  it.each(['ingest', 'store', 'read'] as const)(
    '%s leaves out only credential providers the SDK imports lazily',
    async (name) => {
      const code = await bundleOf(name);
      for (const provider of LAZY_CREDENTIAL_PROVIDERS) {
        const mentions = code.split(`"${provider}"`).length - 1;
        const lazy = code.split(`import("${provider}")`).length - 1;
        // A static import would fail at load wherever the package is not installed.
        expect({ provider, static: mentions - lazy }).toEqual({ provider, static: 0 });
      }
      expect(code).not.toContain('SSOClient');
    },
    30_000,
  );

  it('put the wallboard page in the read bundle only, never the tools that build it', async () => {
    // The page's policy holds the hashes of its script and style: unique to the built page.
    const { contentSecurityPolicy } = buildBoardPage();
    const [ingest, store, read] = await Promise.all(
      (['ingest', 'store', 'read'] as const).map(bundleOf),
    );
    expect(read).toContain(contentSecurityPolicy);
    expect(read).not.toContain('buildSync');
    expect(ingest).not.toContain(contentSecurityPolicy);
    expect(store).not.toContain(contentSecurityPolicy);
  }, 60_000);
});
