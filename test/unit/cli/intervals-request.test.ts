import { UsageError } from '../../../bin/cli/command';
import { intervalsRequestOf } from '../../../bin/cli/intervals-request';

const local = () => ({ apiUrl: 'http://127.0.0.1:3000', readToken: 'local-read-token' });
const warnings: string[] = [];
const request = (args: string, env: NodeJS.ProcessEnv = {}) =>
  intervalsRequestOf(
    args.split(' ').filter(Boolean),
    env,
    local,
    (message) => warnings.push(message),
    async (arn) => `token-of-${arn}`,
  );

beforeEach(() => {
  warnings.length = 0;
});

describe('npm run intervals', () => {
  it('asks the local stack for the queue intervals by default, with its read token', async () => {
    expect(await request('--date 2026-03-02')).toEqual({
      url: 'http://127.0.0.1:3000/v1/intervals/queues?date=2026-03-02&minutes=30',
      token: 'local-read-token',
      csv: false,
    });
  });

  it('passes each flag as the route parameter it stands for', async () => {
    const agents = await request(
      '--date 2026-03-02 --agents --minutes 15 --csv --time-zone America/New_York --account 15300002 --agent 1369310',
    );
    expect(agents.url).toBe(
      'http://127.0.0.1:3000/v1/intervals/agents?date=2026-03-02&minutes=15&timeZone=America%2FNew_York&accountId=15300002&agentId=1369310&format=csv',
    );
    expect((await request('--date 2026-03-02 --segments --agent 7')).url).toBe(
      'http://127.0.0.1:3000/v1/segments?date=2026-03-02&agentId=7',
    );
    expect((await request('--date 2026-03-02 --service-level 30')).url).toContain(
      'serviceLevelSeconds=30',
    );
  });

  it('reads a deployed API with READ_TOKEN, or the token of the secret --secret-arn names', async () => {
    const fromEnv = await request('--date 2026-03-02 --url https://api.example.com/', {
      READ_TOKEN: 'env-token',
    });
    expect(fromEnv.url).toBe(
      'https://api.example.com/v1/intervals/queues?date=2026-03-02&minutes=30',
    );
    expect(fromEnv.token).toBe('env-token');
    const fromSecret = await request(
      '--date 2026-03-02 --url https://api.example.com --secret-arn arn:s',
    );
    expect(fromSecret.token).toBe('token-of-arn:s');
    await expect(request('--date 2026-03-02 --url https://api.example.com')).rejects.toThrow(
      /READ_TOKEN/,
    );
  });

  it('takes --token but warns that it shows in terminals and logs', async () => {
    const answer = await request('--date 2026-03-02 --url https://api.example.com --token t');
    expect(answer.token).toBe('t');
    expect(warnings).toEqual([expect.stringMatching(/set READ_TOKEN instead/)]);
  });

  it.each([
    ['', /--date/],
    ['--date 2026-03-02 --queues --agents', /one of/],
    ['--date 2026-03-02 --agents --service-level 20', /--queues only/],
    ['--date 2026-03-02 --agent 7', /--agents and --segments/],
    ['--date 2026-03-02 --colour', /Unknown option/],
    ['--date 2026-03-02 --url https://api.example.com/v1/agent-events', /base URL/],
  ])('refuses "%s" as a usage error', async (args, message) => {
    await expect(request(args)).rejects.toThrow(UsageError);
    await expect(request(args)).rejects.toThrow(message);
  });
});
