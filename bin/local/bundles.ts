/**
 * Builds the Lambda bundles with the locally installed esbuild, with the settings the
 * stack deploys them with (lib/bundling.ts), so the local stack and the bench run the same code.
 */
import { join } from 'node:path';
import { type BuildOptions, build } from 'esbuild';
import { boardPageDefines } from '../../lib/board-assets';
import {
  BOARD_FUNCTION,
  BUNDLE_OPTIONS,
  type FunctionName,
  HANDLER_ENTRIES,
} from '../../lib/bundling';

export { ESM_REQUIRE_BANNER, type FunctionName, HANDLER_ENTRIES } from '../../lib/bundling';

/** The deployed settings as esbuild takes them (mutable copies of the shared lists). */
export const ESBUILD_OPTIONS: BuildOptions = {
  ...BUNDLE_OPTIONS,
  mainFields: [...BUNDLE_OPTIONS.mainFields],
  external: [...BUNDLE_OPTIONS.external],
};

/** Bundles one handler to `<outDir>/<name>/index.mjs` and returns that path. */
export async function bundleHandler(
  name: FunctionName,
  outDir: string,
  target = 'node20',
): Promise<string> {
  const outfile = join(outDir, name, 'index.mjs');
  await build({
    ...ESBUILD_OPTIONS,
    entryPoints: [HANDLER_ENTRIES[name]],
    outfile,
    bundle: true,
    target,
    // As in the stack (lib/forwarder-function.ts): the wallboard page as constants.
    define: name === BOARD_FUNCTION ? boardPageDefines() : undefined,
    logLevel: 'error',
  });
  return outfile;
}
