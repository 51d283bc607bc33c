/**
 * `npm run intervals -- --date D [--queues|--agents|--segments] [--csv] ...`: the interval
 * figures or the day's segments from the read API, as JSON or CSV on stdout (ready to import:
 * `npm run -s intervals -- --date D --csv > queues.csv`). Exit 0 with the answer, 1 when the API
 * refuses or cannot be reached (its message on stderr), 2 for a command line it cannot use.
 */
import { runCommand } from './cli/command';
import { readLocalEndpoints } from './cli/endpoints';
import { INTERVALS_USAGE, intervalsRequestOf } from './cli/intervals-request';

async function main(): Promise<number> {
  const request = await intervalsRequestOf(process.argv.slice(2), process.env, () =>
    readLocalEndpoints(),
  );
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
  process.stdout.write(request.csv ? body : `${JSON.stringify(JSON.parse(body), null, 2)}\n`);
  return 0;
}

runCommand('npm run intervals', main, INTERVALS_USAGE);
