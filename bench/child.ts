import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Runs a bench module's own entry point in a fresh `tsx` process and returns the JSON its last
 * line of output holds. The handlers keep their clients (and any counters on them) for the life
 * of a process, as in Lambda, so every repeat of a stack measurement gets a process of its own.
 */
export async function measureInChild<T>(moduleFile: string, args: readonly string[]): Promise<T> {
  const tsx = join(__dirname, '..', 'node_modules', '.bin', 'tsx');
  const { stdout } = await promisify(execFile)(tsx, [moduleFile, ...args], {
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as T;
}

/** The entry point of a module that `measureInChild` runs: prints the figures, or fails. */
export function printFigures(measured: Promise<unknown>): void {
  measured.then(
    (figures) => {
      console.log(JSON.stringify(figures));
      process.exit(0);
    },
    (error: Error) => {
      console.error(error.stack ?? error.message);
      process.exit(1);
    },
  );
}
