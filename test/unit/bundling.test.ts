import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleHandler } from '../../bin/local/bundles';
import { LAZY_CREDENTIAL_PROVIDERS } from '../../lib/bundling';

describe('the deployed bundles', () => {
  it.each(['ingest', 'store'] as const)(
    '%s leaves out only credential providers the SDK imports lazily',
    async (name) => {
      const file = await bundleHandler(name, mkdtempSync(join(tmpdir(), 'bundle-')), 'node24');
      const code = readFileSync(file, 'utf8');
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
});
