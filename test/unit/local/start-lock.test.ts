import { execFile, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LOCAL_DIR } from '../../../bin/cli/endpoints';
import { AlreadyRunning, acquireStartLock, isAlive } from '../../../bin/local/start-lock';

const root = join(__dirname, '..', '..', '..');

describe('the npm start lock', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'start-lock-')), 'npm-start.lock');
  afterEach(() => {
    if (existsSync(file)) unlinkSync(file);
  });

  it('refuses a second holder while the first one runs, naming its pid', () => {
    const first = acquireStartLock(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    expect(() => acquireStartLock(file, process.pid + 1)).toThrow(AlreadyRunning);
    expect(() => acquireStartLock(file, process.pid + 1)).toThrow(
      `npm start is already running (pid ${process.pid})`,
    );
    first.release();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock left by a process that is gone', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(file, `${gone}\n`);
    const lock = acquireStartLock(file);
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid));
    lock.release();
  });

  it('is released only by its holder', () => {
    const lock = acquireStartLock(file);
    // Taken over meanwhile (this one was thought gone): the new holder's lock stays.
    writeFileSync(file, `${process.pid + 1}\n`);
    lock.release();
    expect(readFileSync(file, 'utf8').trim()).toBe(String(process.pid + 1));
  });

  it('stops a second npm start before it touches anything, with a clear message', async () => {
    // The real .local/ lock, held by this test's process (or by an npm start that really runs);
    // a stale lock left there is replaced, and whatever was there is put back afterwards.
    mkdirSync(LOCAL_DIR, { recursive: true });
    const lockFile = join(LOCAL_DIR, 'npm-start.lock');
    const before = existsSync(lockFile) ? readFileSync(lockFile, 'utf8') : undefined;
    const holder = Number.parseInt(before ?? '', 10);
    const running = Number.isInteger(holder) && isAlive(holder);
    if (!running) writeFileSync(lockFile, `${process.pid}\n`);
    try {
      const result = await promisify(execFile)(
        join(root, 'node_modules', '.bin', 'tsx'),
        [join(root, 'bin', 'local.ts')],
        // Should the lock not hold, the stack it would start is stopped rather than left running.
        { cwd: root, env: { ...process.env, PORT: '0' }, timeout: 60_000, killSignal: 'SIGINT' },
      ).catch((error: { code: number; stderr: string }) => error);
      expect(result).toMatchObject({
        code: 1,
        stderr: expect.stringContaining('npm start is already running (pid'),
      });
    } finally {
      if (!running) {
        if (before === undefined) unlinkSync(lockFile);
        else writeFileSync(lockFile, before);
      }
    }
  }, 90_000);
});
