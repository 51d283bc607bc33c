/**
 * Builds the two Lambda bundles with the locally installed esbuild, the way the stack deploys
 * them (minified ESM, SDK included), so the local stack and the bench run the same code.
 */
import { join } from 'node:path';
import { build } from 'esbuild';

export const HANDLER_ENTRIES = {
  ingest: join(__dirname, '..', '..', 'lambdas', 'ingest', 'handler.ts'),
  store: join(__dirname, '..', '..', 'lambdas', 'store', 'handler.ts'),
} as const;
export type FunctionName = keyof typeof HANDLER_ENTRIES;

/** Some bundled CommonJS dependencies call require(); ESM output needs it defined. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** Bundles one handler to `<outDir>/<name>/index.mjs` and returns that path. */
export async function bundleHandler(
  name: FunctionName,
  outDir: string,
  target = 'node20',
): Promise<string> {
  const outfile = join(outDir, name, 'index.mjs');
  await build({
    entryPoints: [HANDLER_ENTRIES[name]],
    outfile,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    platform: 'node',
    target,
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    logLevel: 'error',
  });
  return outfile;
}
