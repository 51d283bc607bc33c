type ZodBuilders = typeof import('./zod-builders');

let builders: ZodBuilders | undefined;

/**
 * zod/mini's builders, initialized on first use. Ingest needs zod only to word the issues of a
 * refused event and to read the credential secret; setting zod's modules up at load cost about
 * 1 ms of every cold start (the bench's coldImportRatio.ingest: 1.24 -> 1.20). esbuild turns a require() of a
 * bundled module into a call that initializes the module there, where an import would run it at
 * load; it stays synchronous, so validation keeps its plain, synchronous path.
 */
export function zod(): ZodBuilders {
  builders ??= require('./zod-builders') as ZodBuilders;
  return builders;
}
