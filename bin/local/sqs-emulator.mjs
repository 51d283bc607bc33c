// The SQS emulator (fauxqs, ESM-only) in its own process, so the local stack and the tests can
// stop and restart it on the same port. fauxqs's own startFauxqs() listens on every interface;
// queues may carry personal data, so this binds to loopback only.
import { register } from 'node:module';

// Before fauxqs loads: its SNS size check then honours each topic's MaximumMessageSize.
register('./fauxqs-topic-limits.mjs', import.meta.url);
const { buildApp } = await import('fauxqs');

const port = Number(process.env.SQS_EMULATOR_PORT ?? 0);
const app = buildApp({ logger: false, defaultRegion: 'us-east-1' });
await app.listen({ port, host: '127.0.0.1' });

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
// Die with the parent: an orphaned emulator would hold its port for the next run.
process.on('disconnect', stop);
