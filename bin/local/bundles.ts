/**
 * Builds the two Lambda bundles with the locally installed esbuild, with the settings the
 * stack deploys them with (lib/bundling.ts), so the local stack and the bench run the same code.
 */
import { join } from 'node:path';
import { build } from 'esbuild';
import { BUNDLE_OPTIONS, type FunctionName, HANDLER_ENTRIES } from '../../lib/bundling';

export { ESM_REQUIRE_BANNER, type FunctionName, HANDLER_ENTRIES } from '../../lib/bundling';

/** Bundles one handler to `<outDir>/<name>/index.mjs` and returns that path. */
export async function bundleHandler(
  name: FunctionName,
  outDir: string,
  target = 'node20',
): Promise<string> {
  const outfile = join(outDir, name, 'index.mjs');
  await build({
    ...BUNDLE_OPTIONS,
    mainFields: [...BUNDLE_OPTIONS.mainFields],
    external: [...BUNDLE_OPTIONS.external],
    entryPoints: [HANDLER_ENTRIES[name]],
    outfile,
    bundle: true,
    target,
    logLevel: 'error',
  });
  return outfile;
}
