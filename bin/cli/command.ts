import { type ParseArgsConfig, parseArgs } from 'node:util';

/** A mistake in how the command was called (a flag, a value, a missing setting): exit code 2. */
export class UsageError extends Error {}

/**
 * Runs a command's `main` and sets the exit code it returns, never calling process.exit: output
 * piped to another program (`| jq`, `| wc -c`) is written out in full before the process ends.
 * A UsageError prints its message (and the usage) and exits 2; any other error too.
 */
export function runCommand(name: string, main: () => Promise<number>, usage?: string): void {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: Error) => {
      if (error instanceof UsageError) {
        console.error(error.message);
        if (usage !== undefined) console.error(usage);
      } else {
        console.error(`${name}: ${error.message}`);
      }
      process.exitCode = 2;
    },
  );
}

/** Node's parseArgs, its errors (an unknown flag, a missing value) as UsageErrors. */
export function flags<T extends ParseArgsConfig>(config: T) {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** A flag's value as a whole number of at least `min`, or a clear refusal. */
export function wholeNumber(value: string, flag: string, min = 1): number {
  const parsed = /^\d+$/.test(value.trim()) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min) {
    throw new UsageError(`--${flag} must be a whole number of at least ${min}, got "${value}"`);
  }
  return parsed;
}

/** A flag's value as one of `choices`, or a clear refusal. */
export function oneOf<T extends string>(value: string, flag: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/**
 * A flag's value as an instant, written as the tables store times (ISO-8601 UTC with
 * milliseconds); a date alone is its midnight UTC.
 */
export function instant(value: string, flag: string): string {
  const at = /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new UsageError(
      `--${flag} must be an ISO-8601 time such as 2026-03-02T14:00:00Z or 2026-03-02, got "${value}"`,
    );
  }
  return new Date(at).toISOString();
}
