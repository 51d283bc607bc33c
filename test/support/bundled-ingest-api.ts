/**
 * The ingest bundle as deployed (built by the local esbuild with lib/'s settings), served on the
 * local API Gateway in a process of its own: the bundle is ESM, which jest's module system does
 * not load, and a fresh process shows what the bundle sets up at load. The process tells its
 * parent over IPC its URL and whether zod has been set up, and ends when the parent goes away.
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
  /** Whether zod's modules have been set up in the bundle's process so far. */
  zodIsSetUp(): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * zod's core sets this global when its modules are set up (zod 4); were a zod upgrade to rename
 * it, the bundle test's "set up after a refusal" check fails and says so.
 */
const zodIsSetUpHere = () => '__zod_globalConfig' in globalThis;

/** Starts the process; its environment (queue URLs, credential, endpoints) is this one's. */
export async function startBundledIngest(env: Record<string, string>): Promise<BundledIngest> {
  const child: ChildProcess = fork(__filename, [], {
    env: { ...process.env, ...env, BUNDLED_INGEST: '1' },
    execArgv: ['--import', 'tsx'],
    cwd: join(__dirname, '..', '..'),
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const reply = async <T>(): Promise<T> => {
    const [message] = (await Promise.race([
      once(child, 'message'),
      once(child, 'exit').then(([code]) => {
        throw new Error(`the bundled ingest process exited with ${code}`);
      }),
    ])) as [T];
    return message;
  };
  const { url } = await reply<{ url: string }>();
  return {
    url,
    zodIsSetUp: async () => {
      const answer = reply<{ zodIsSetUp: boolean }>();
      child.send('zod?');
      return (await answer).zodIsSetUp;
    },
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
  const zodAtStart = zodIsSetUpHere();
  const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: HttpHandler };
  if (zodAtStart) throw new Error('zod was set up before the bundle was loaded');
  const api = await startLocalApi(handler);
  process.on('message', () => process.send?.({ zodIsSetUp: zodIsSetUpHere() }));
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
