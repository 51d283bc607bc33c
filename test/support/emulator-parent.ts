// Run as its own process by the emulator lifecycle test: starts both emulators, prints their
// endpoints as one JSON line, and waits to be killed.
import { startEmulators } from '../../bin/local/emulators';

startEmulators().then((emulators) => {
  process.stdout.write(
    `${JSON.stringify({ sqs: emulators.sqs.endpoint, dynamodb: emulators.dynamodb.endpoint })}\n`,
  );
  setInterval(() => undefined, 60_000);
});
