/**
 * The ingest bundle as deployed (built by the local esbuild with lib/'s settings), served on the
 * local API Gateway in a process of its own: the bundle is ESM, which jest's module system does
 * not load. The process tells its parent its URL over IPC and ends when the parent goes away.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type HttpHandler, startLocalApi } from '../../bin/local/api-gateway';
import { bundleHandler } from '../../bin/local/bundles';

export interface BundledIngest {
  url: string;
  stop(): Promise<void>;
}

/** Starts the process; its environment (queue URLs, credential, endpoints) is this one's. */
export async function startBundledIngest(env: Record<string, string>): Promise<BundledIngest> {
  const child: ChildProcess = fork(__filename, [], {
    env: { ...process.env, ...env, BUNDLED_INGEST: '1' },
    execArgv: ['--import', 'tsx'],
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const [{ url }] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => {
      throw new Error(`the bundled ingest process exited with ${code}`);
    }),
  ])) as [{ url: string }];
  return {
    url,
    // Disconnecting lets the process remove its bundle and exit; a kill only if it hangs.
    stop: async () => {
      const exited = once(child, 'exit');
      child.disconnect();
      const hung = setTimeout(() => child.kill(), 10_000);
      await exited;
      clearTimeout(hung);
    },
  };
}

async function serve(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bundled-ingest-'));
  const bundle = await bundleHandler('ingest', dir, 'node24');
  const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: HttpHandler };
  const api = await startLocalApi(handler);
  process.on('disconnect', () => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send?.({ url: api.url });
}

if (process.env.BUNDLED_INGEST === '1' && require.main === module) {
  serve().catch((error: Error) => {
    console.error(error.stack ?? error.message);
    process.exit(1);
  });
}
