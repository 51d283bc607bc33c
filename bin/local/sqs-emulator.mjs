// The SQS emulator (fauxqs, ESM-only) in its own process, so the local stack and the tests can
// stop and restart it on the same port. Prints "listening <port>" once it accepts requests.
import { startFauxqs } from 'fauxqs';

const port = Number(process.env.SQS_EMULATOR_PORT ?? 0);
const server = await startFauxqs({ port, logger: false, defaultRegion: 'us-east-1' });
process.stdout.write(`listening ${server.port}\n`);

const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Die with the parent: an orphaned emulator would hold its port for the next run.
process.on('disconnect', stop);
