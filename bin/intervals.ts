/**
 * `npm run intervals -- --date D [--queues|--agents|--segments] [--csv] ...`: the interval
 * figures or the day's segments from the read API, as JSON or CSV on stdout (ready to import:
 * `npm run -s intervals -- --date D --csv > queues.csv`). Exit 0 with the answer, 1 when the API
 * refuses or cannot be reached (its message on stderr), 2 for a command line it cannot use.
 */
import { readLocalEndpoints } from './cli/endpoints';
import { INTERVALS_USAGE, intervalsRequestOf, UsageError } from './cli/intervals-request';

async function main(): Promise<number> {
  let request: ReturnType<typeof intervalsRequestOf>;
  try {
    request = intervalsRequestOf(process.argv.slice(2), process.env, () => readLocalEndpoints());
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n${INTERVALS_USAGE}`);
    return 2;
  }
  for (const warning of request.warnings) console.error(warning);
  let response: Response;
  try {
    response = await fetch(request.url, {
      headers: { authorization: `Bearer ${request.token}` },
    });
  } catch (error) {
    console.error(`cannot reach ${new URL(request.url).origin}: ${(error as Error).message}`);
    return 1;
  }
  const body = await response.text();
  if (response.status !== 200) {
    console.error(`${response.status} from ${new URL(request.url).pathname}: ${body}`);
    return 1;
  }
  const output = request.csv ? body : `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
  // Written before the process ends, also when stdout is a pipe (writes to pipes are async).
  await new Promise<void>((resolve, reject) =>
    process.stdout.write(output, (error) => (error ? reject(error) : resolve())),
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`npm run intervals failed: ${error.message}`);
    process.exitCode = 1;
  },
);
