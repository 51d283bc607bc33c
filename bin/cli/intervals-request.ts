import { parseArgs } from 'node:util';
import type { LocalEndpoints } from './endpoints';

/** A command line the tool cannot use: exit code 2, with the usage. */
export class UsageError extends Error {}

export const INTERVALS_USAGE = `usage: npm run intervals -- --date YYYY-MM-DD [--queues | --agents | --segments]
         [--minutes 15|30] [--csv] [--time-zone Z] [--account A] [--agent A]
         [--service-level SECONDS] [--url BASE_URL]
  The local stack's API and read token (.local/endpoints.json) by default; with --url, the read
  token from READ_TOKEN (--token is accepted but shows in terminals and CI logs).`;

export interface IntervalsRequest {
  readonly url: string;
  readonly token: string;
  readonly csv: boolean;
  readonly warnings: readonly string[];
}

const ROUTES = {
  queues: '/v1/intervals/queues',
  agents: '/v1/intervals/agents',
  segments: '/v1/segments',
} as const;

/**
 * The request `npm run intervals` sends for its arguments: the route of the one report asked
 * for (queues by default), its parameters, where to and with which read token. Checks only what
 * the command line alone can tell; the route names any bad value (400).
 */
export function intervalsRequestOf(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  localEndpoints: () => Pick<LocalEndpoints, 'apiUrl' | 'readToken'>,
): IntervalsRequest {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  const reports = (['queues', 'agents', 'segments'] as const).filter((name) => values[name]);
  if (reports.length > 1) throw new UsageError('choose one of --queues, --agents, --segments');
  const report = reports[0] ?? 'queues';
  if (values.date === undefined) throw new UsageError('--date YYYY-MM-DD is required');
  if (report !== 'queues' && values['service-level'] !== undefined) {
    throw new UsageError('--service-level is for --queues only');
  }
  if (report === 'queues' && values.agent !== undefined) {
    throw new UsageError('--agent is for --agents and --segments');
  }
  const warnings: string[] = [];
  let base: string;
  let token: string | undefined;
  if (values.url === undefined) {
    const local = localEndpoints();
    base = local.apiUrl;
    token = values.token ?? local.readToken;
  } else {
    base = values.url;
    token = values.token ?? env.READ_TOKEN;
    if (token === undefined || token === '') {
      throw new UsageError('with --url, set the read token in READ_TOKEN');
    }
  }
  if (values.token !== undefined) {
    warnings.push(
      'warning: --token shows the read token in the terminal, shell history and CI logs (npm echoes its arguments); set READ_TOKEN instead',
    );
  }
  const query = new URLSearchParams({ date: values.date });
  if (report !== 'segments') query.set('minutes', values.minutes);
  const optional: [string, string | undefined][] = [
    ['timeZone', values['time-zone']],
    ['accountId', values.account],
    ['agentId', values.agent],
    ['serviceLevelSeconds', values['service-level']],
  ];
  for (const [name, value] of optional) if (value !== undefined) query.set(name, value);
  if (values.csv) query.set('format', 'csv');
  return {
    url: `${base.replace(/\/+$/, '')}${ROUTES[report]}?${query}`,
    token: token as string,
    csv: values.csv,
    warnings,
  };
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    strict: true,
    options: {
      date: { type: 'string' },
      minutes: { type: 'string', default: '30' },
      queues: { type: 'boolean', default: false },
      agents: { type: 'boolean', default: false },
      segments: { type: 'boolean', default: false },
      csv: { type: 'boolean', default: false },
      'time-zone': { type: 'string' },
      account: { type: 'string' },
      agent: { type: 'string' },
      'service-level': { type: 'string' },
      url: { type: 'string' },
      token: { type: 'string' },
    },
  });
}
