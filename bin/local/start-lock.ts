import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/** A second `npm start` while one runs: refused, naming the one that runs. */
export class AlreadyRunning extends Error {}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock file for this process: created exclusively with our pid, so that two
 * `npm start`s never share .local/ (the second would overwrite endpoints.json and leave the
 * first stack's tools pointed at ports about to close). A lock whose process is gone (killed,
 * crashed) is taken over. `release` removes it, if it is still ours.
 */
export function acquireStartLock(file: string, pid = process.pid): { release(): void } {
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, `${pid}\n`);
      closeSync(fd);
      return {
        release: () => {
          try {
            if (readFileSync(file, 'utf8').trim() === String(pid)) unlinkSync(file);
          } catch {
            // Already gone.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== pid && isAlive(holder)) {
      throw new AlreadyRunning(
        `npm start is already running (pid ${holder}); its endpoints are in .local/endpoints.json. Stop it first (Ctrl-C in its terminal, or kill ${holder}): two local stacks would share .local/.`,
      );
    }
    // Left behind by a process that is gone: take it over.
    unlinkSync(file);
  }
}
