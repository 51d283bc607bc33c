import { intervalsRequestOf, UsageError } from '../../../bin/cli/intervals-request';

const local = () => ({ apiUrl: 'http://127.0.0.1:3000', readToken: 'local-read-token' });
const request = (args: string, env: NodeJS.ProcessEnv = {}) =>
  intervalsRequestOf(args.split(' ').filter(Boolean), env, local);

describe('npm run intervals', () => {
  it('asks the local stack for the queue intervals by default, with its read token', () => {
    expect(request('--date 2026-03-02')).toEqual({
      url: 'http://127.0.0.1:3000/v1/intervals/queues?date=2026-03-02&minutes=30',
      token: 'local-read-token',
      csv: false,
      warnings: [],
    });
  });

  it('passes each flag as the route parameter it stands for', () => {
    expect(
      request(
        '--date 2026-03-02 --agents --minutes 15 --csv --time-zone America/New_York --account 15300002 --agent 1369310',
      ).url,
    ).toBe(
      'http://127.0.0.1:3000/v1/intervals/agents?date=2026-03-02&minutes=15&timeZone=America%2FNew_York&accountId=15300002&agentId=1369310&format=csv',
    );
    expect(request('--date 2026-03-02 --segments --agent 7').url).toBe(
      'http://127.0.0.1:3000/v1/segments?date=2026-03-02&agentId=7',
    );
    expect(request('--date 2026-03-02 --service-level 30').url).toContain('serviceLevelSeconds=30');
  });

  it('reads a deployed API with the read token from READ_TOKEN', () => {
    const answer = request('--date 2026-03-02 --url https://api.example.com/', {
      READ_TOKEN: 'env-token',
    });
    expect(answer.url).toBe(
      'https://api.example.com/v1/intervals/queues?date=2026-03-02&minutes=30',
    );
    expect(answer.token).toBe('env-token');
    expect(() => request('--date 2026-03-02 --url https://api.example.com')).toThrow(/READ_TOKEN/);
  });

  it('takes --token but warns that it shows in terminals and logs', () => {
    const answer = request('--date 2026-03-02 --url https://api.example.com --token flag-token');
    expect(answer.token).toBe('flag-token');
    expect(answer.warnings).toEqual([expect.stringMatching(/READ_TOKEN instead/)]);
  });

  it.each([
    ['', /--date/],
    ['--date 2026-03-02 --queues --agents', /one of/],
    ['--date 2026-03-02 --agents --service-level 20', /--queues only/],
    ['--date 2026-03-02 --agent 7', /--agents and --segments/],
    ['--date 2026-03-02 --colour', /Unknown option/],
  ])('refuses "%s" as a usage error', (args, message) => {
    expect(() => request(args)).toThrow(UsageError);
    expect(() => request(args)).toThrow(message);
  });
});
