type ZodBuilders = typeof import('./zod-builders');

let builders: ZodBuilders | undefined;

/**
 * zod/mini's builders, set up on first use. Validation decides every event with plain checks;
 * zod only words the issues of a refused event, and setting its modules up at load would add
 * about 1 ms to every cold start of ingest. esbuild turns a require() of a bundled module into
 * a call that initializes the module at that point (an import would initialize it at load),
 * and keeps it synchronous, so interpreting an event stays synchronous too.
 */
export function zod(): ZodBuilders {
  builders ??= require('./zod-builders') as ZodBuilders;
  return builders;
}
