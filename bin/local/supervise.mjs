// Runs one command and ties its life to this process's parent. Java cannot notice that the
// process that started it is gone, and a parent killed with SIGKILL (or Ctrl-C'd under jest) runs
// no cleanup; the IPC channel to this watcher closes in every case, so DynamoDB Local never
// outlives its run. Usage: fork('supervise.mjs', [command, ...args]).
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });

const stop = () => {
  child.kill('SIGTERM');
  setTimeout(() => child.kill('SIGKILL'), 3_000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.on('disconnect', stop);
child.on('error', (error) => {
  process.stderr.write(`${command}: ${error.message}\n`);
  process.exit(1);
});
child.on('exit', (code) => process.exit(code ?? 0));
