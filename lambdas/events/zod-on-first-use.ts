type ZodBuilders = typeof import('./zod-builders');

let builders: ZodBuilders | undefined;

/**
 * zod/mini's builders, set up when the first event is checked rather than while ingest loads
 * (setting zod and the vendor schemas up at load made ingest's cold import about 0.1 of the
 * floor slower). esbuild turns a require() of a bundled module into a call that initializes
 * the module at that point (an import would initialize it at load), and keeps it synchronous,
 * so interpreting an event stays synchronous too.
 */
export function zod(): ZodBuilders {
  builders ??= require('./zod-builders') as ZodBuilders;
  return builders;
}
