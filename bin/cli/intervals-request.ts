import { tokenOfSecret } from './aws';
import { flags, UsageError } from './command';
import type { LocalEndpoints } from './endpoints';
import { baseUrl } from './target';

export const INTERVALS_USAGE = `usage: npm run intervals -- --date YYYY-MM-DD [--queues | --agents | --segments]
         [--minutes 15|30] [--csv] [--time-zone Z] [--account A] [--agent A]
         [--service-level SECONDS] [--url URL] [--secret-arn ARN]
  --url URL         the API's base URL: the stack output ApiUrl (default: the local stack)
  --secret-arn ARN  read the read token from the stack's secret (output ReadCredentialSecretArn)
                    with your AWS credentials; or set READ_TOKEN (default: the local stack's)`;

export const READ_TOKEN_FLAG_WARNING =
  'warning: --token shows the read token in terminals and CI logs (npm prints the command line): set READ_TOKEN instead, or give --secret-arn';

export interface IntervalsRequest {
  readonly url: string;
  readonly token: string;
  readonly csv: boolean;
}

const ROUTES = {
  queues: '/v1/intervals/queues',
  agents: '/v1/intervals/agents',
  segments: '/v1/segments',
} as const;

/**
 * The request `npm run intervals` sends for its arguments: the route of the one report asked
 * for (queues by default), its parameters, where to and with which read token (READ_TOKEN, else
 * the secret `--secret-arn` names, else the local stack's; `--token` still works, with a
 * warning). Checks only what the command line alone can tell; the route names any bad value.
 */
export async function intervalsRequestOf(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  localEndpoints: () => Pick<LocalEndpoints, 'apiUrl' | 'readToken'>,
  warn: (message: string) => void = console.error,
  secretToken: (secretArn: string) => Promise<string> = tokenOfSecret,
): Promise<IntervalsRequest> {
  const { values } = flags({
    args: [...args],
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
      'secret-arn': { type: 'string' },
      token: { type: 'string' },
    },
  });
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
  const local = values.url === undefined ? localEndpoints() : undefined;
  const apiUrl = local?.apiUrl ?? baseUrl(values.url as string);
  let token: string | undefined;
  if (values.token !== undefined) {
    warn(READ_TOKEN_FLAG_WARNING);
    token = values.token;
  } else if (env.READ_TOKEN) token = env.READ_TOKEN;
  else if (values['secret-arn'] !== undefined) token = await secretToken(values['secret-arn']);
  else token = local?.readToken;
  if (token === undefined) {
    throw new UsageError(
      `No read token for ${apiUrl}: set READ_TOKEN, or give --secret-arn <ReadCredentialSecretArn> to read it from the stack's secret with your AWS credentials`,
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
  return { url: `${apiUrl}${ROUTES[report]}?${query}`, token, csv: values.csv };
}
