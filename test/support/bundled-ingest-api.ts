/**
 * Serves the ingest bundle as deployed (built by the local esbuild with lib/'s settings) on the
 * local API Gateway and prints its URL on the first line of stdout. Tests run it as a child
 * process (`node --import tsx`): the bundle is ESM, which jest's module system does not load.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalApi } from '../../bin/local/api-gateway';
import { loadBundledHandlers } from '../../bin/local/stack';

async function main(): Promise<void> {
  const { ingest } = await loadBundledHandlers(mkdtempSync(join(tmpdir(), 'bundled-ingest-')), 0);
  const api = await startLocalApi(ingest);
  process.stdout.write(`${api.url}\n`);
}

main().catch((error: Error) => {
  console.error(error.stack ?? error.message);
  process.exit(1);
});
