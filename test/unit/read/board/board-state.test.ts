import {
  activityLabel,
  BOARD_ACTIVITIES,
  showsCall,
} from '../../../../lambdas/read/board/activities';
import { type AgentRow, readAgentsResponse } from '../../../../lambdas/read/board/agents-response';
import { agentsUrl } from '../../../../lambdas/read/board/agents-url';
import {
  accountsOf,
  countsByActivity,
  filtersFromQuery,
  filtersToQuery,
  NO_FILTERS,
  shownAgents,
} from '../../../../lambdas/read/board/board-state';
import { ACTIVITIES } from '../../../../lambdas/states/activity';

function row(agentLoginId: string, fields: Partial<AgentRow> = {}): AgentRow {
  return {
    agentLoginId,
    accountId: '1',
    agentId: agentLoginId,
    state: 'AVAILABLE',
    activity: 'available',
    since: '2026-11-30T10:00:00.000Z',
    secondsInState: 5,
    lastEventAt: '2026-11-30T10:00:00.000Z',
    stale: false,
    ...fields,
  };
}

const agents = [
  row('a', { activity: 'talking' }),
  row('b'),
  row('c', { accountId: '2', activity: 'talking' }),
  row('d', { accountId: '2', stale: true }),
];

describe('the board activities', () => {
  it('are the activities in their display order, less logged-out (the board lists logged-in agents)', () => {
    expect(BOARD_ACTIVITIES).toEqual(ACTIVITIES.filter((activity) => activity !== 'logged-out'));
  });

  it('each have a word, and an activity the board does not know is shown as sent', () => {
    expect(ACTIVITIES.map(activityLabel)).toEqual([
      'Talking',
      'Ringing',
      'After-call work',
      'Available',
      'Reserved',
      'Away',
      'Logging in',
      'Logged out',
    ]);
    expect(activityLabel('coaching')).toBe('coaching');
    expect(activityLabel('toString')).toBe('toString');
  });

  it('show the call of a talking or ringing agent only', () => {
    expect(ACTIVITIES.filter(showsCall)).toEqual(['talking', 'ringing']);
  });
});

describe('the board filters', () => {
  it('keep the account and activity, stale sessions left out unless asked', () => {
    expect(shownAgents(agents, NO_FILTERS).map((a) => a.agentLoginId)).toEqual(['a', 'b', 'c']);
    const account = { ...NO_FILTERS, account: '2' };
    expect(shownAgents(agents, account).map((a) => a.agentLoginId)).toEqual(['c']);
    const withStale = { ...account, showStale: true };
    expect(shownAgents(agents, withStale).map((a) => a.agentLoginId)).toEqual(['c', 'd']);
    const talking = { ...NO_FILTERS, activity: 'talking' };
    expect(shownAgents(agents, talking).map((a) => a.agentLoginId)).toEqual(['a', 'c']);
  });

  it('count the account whatever the activity filter, stale sessions never', () => {
    expect(countsByActivity(agents, NO_FILTERS)).toEqual(
      new Map([
        ['talking', 2],
        ['available', 1],
      ]),
    );
    const account = { account: '2', activity: 'available', showStale: true };
    expect(countsByActivity(agents, account)).toEqual(new Map([['talking', 1]]));
  });

  it('offer the accounts of the answer and the chosen one, sorted', () => {
    expect(accountsOf(agents, '')).toEqual(['1', '2']);
    expect(accountsOf([], '9')).toEqual(['9']);
  });

  it('go in and out of the page address', () => {
    const filters = { account: '15300002', activity: 'after-call-work', showStale: true };
    const query = filtersToQuery(filters);
    expect(query).toBe('?account=15300002&activity=after-call-work&stale=true');
    expect(filtersFromQuery(query)).toEqual(filters);
    expect(filtersToQuery(NO_FILTERS)).toBe('');
    expect(filtersFromQuery('')).toEqual(NO_FILTERS);
  });
});

describe('the agents API next to the page', () => {
  it.each([
    ['http://127.0.0.1:3000/board', 'http://127.0.0.1:3000/v1/agents'],
    ['http://127.0.0.1:3000/board/', 'http://127.0.0.1:3000/v1/agents'],
    [
      'https://x.execute-api.us-east-1.amazonaws.com/prod/board?account=1#top',
      'https://x.execute-api.us-east-1.amazonaws.com/prod/v1/agents',
    ],
  ])('%s reads %s', (page, api) => {
    expect(agentsUrl(page, false).href).toBe(api);
    expect(agentsUrl(page, true).href).toBe(`${api}?includeStale=true`);
  });
});

describe('the agents answer as the board reads it', () => {
  const answer = {
    asOf: '2026-11-30T10:00:05.000Z',
    counts: { available: 1 },
    agents: [{ ...row('a'), status: 'LOGGED_IN', loginAt: '2026-11-30T09:00:00.000Z' }],
  };

  it('takes the contract answer, fields it does not use included', () => {
    expect(readAgentsResponse(answer)).toEqual({ asOf: answer.asOf, agents: [row('a')] });
  });

  it('names the first field that is wrong', () => {
    const wrong = { ...answer, agents: [{ ...row('a'), secondsInState: 'soon' }] };
    expect(() => readAgentsResponse(wrong)).toThrow(
      /^unexpected answer: agents\.0\.secondsInState: /,
    );
    expect(() => readAgentsResponse('<html>')).toThrow(/^unexpected answer: the answer: /);
  });
});
