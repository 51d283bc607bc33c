import { join } from 'node:path';

/** The two Lambda entry points, shared by the stack, the local stack and the bench. */
export const HANDLER_ENTRIES = {
  ingest: join(__dirname, '..', 'lambdas', 'ingest', 'handler.ts'),
  store: join(__dirname, '..', 'lambdas', 'store', 'handler.ts'),
} as const;
export type FunctionName = keyof typeof HANDLER_ENTRIES;

/** Some bundled CommonJS dependencies call require(); ESM output needs it defined. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/** esbuild settings of every deployed bundle: minified ESM with the AWS SDK inside. */
export const BUNDLE_OPTIONS = {
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'node',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
} as const;
