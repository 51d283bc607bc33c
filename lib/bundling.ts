import { join } from 'node:path';

/** The Lambda entry points, shared by the stack, the local stack and the bench. */
export const HANDLER_ENTRIES = {
  ingest: join(__dirname, '..', 'lambdas', 'ingest', 'handler.ts'),
  store: join(__dirname, '..', 'lambdas', 'store', 'handler.ts'),
  read: join(__dirname, '..', 'lambdas', 'read', 'handler.ts'),
  housekeeping: join(__dirname, '..', 'lambdas', 'housekeeping', 'handler.ts'),
} as const;
export type FunctionName = keyof typeof HANDLER_ENTRIES;

/** The one function that serves the wallboard page, so the one bundle that holds it. */
export const BOARD_FUNCTION: FunctionName = 'read';

/** Memory of every function; Lambda bills GB-seconds at this size, and so does the bench. */
export const FUNCTION_MEMORY_MB = 256;

/** Some bundled CommonJS dependencies call require(); ESM output needs it defined. */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Credential providers the AWS SDK imports lazily, only when the environment holds no
 * credentials. Lambda always puts the function's credentials there (so does the local stack),
 * so they stay out of the bundles: about 130 KiB of SSO, STS and metadata clients. Were one ever
 * reached, the Node.js runtime's own copy of the SDK would answer the import.
 */
export const LAZY_CREDENTIAL_PROVIDERS = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
] as const;

/** esbuild settings of every deployed bundle: minified ESM with the AWS SDK inside. */
export const BUNDLE_OPTIONS = {
  minify: true,
  sourcemap: true,
  format: 'esm',
  platform: 'node',
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  external: LAZY_CREDENTIAL_PROVIDERS,
} as const;
