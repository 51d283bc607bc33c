/**
 * The agents list of a large contact center without a scan: 500 logged-in agents (some of whom
 * left an older session open before logging in again) stored by the real store on DynamoDB
 * Local, then listed by the read function's router with a client whose requests are counted.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '../../../lambdas/events';
import type { createRouter } from '../../../lambdas/read/router';
import { envelopeOf } from '../../support/contract';
import { LiveAgent, secondsBeforeNow } from '../../support/live-agents';
import { countedRead, readRouterOn } from '../../support/read-router';
import { RequestLog } from '../../support/request-log';
import {
  deliver,
  freshTables,
  type StoreTableNames,
  storeHandlerFor,
} from '../../support/store-tables';

const AGENTS = 500;
const AGAIN = 40;
const TOKEN = 'scale-read-token-0123456789';

let names: StoreTableNames;
let log: RequestLog;
let route: ReturnType<typeof createRouter>;

beforeAll(async () => {
  names = await freshTables();
  const ago = secondsBeforeNow();
  const events: Envelope[] = [];
  for (let index = 0; index < AGENTS; index++) {
    const agentId = String(10_000 + index);
    const accountId = index % 5 === 0 ? 'acct-small' : 'acct-large';
    if (index < AGAIN) {
      // A LOGOUT missed in the morning, then a new login: the old session stays open.
      const morning = new LiveAgent({ accountId, agentId, agentLoginId: `7${agentId}` });
      events.push(envelopeOf(morning.login(ago(4 * 3600))));
      events.push(envelopeOf(morning.move(ago(4 * 3600), 'AVAILABLE')));
    }
    const agent = new LiveAgent({ accountId, agentId, agentLoginId: `8${agentId}` });
    events.push(envelopeOf(agent.login(ago(600))));
    events.push(envelopeOf(agent.move(ago(600), 'AVAILABLE')));
  }
  const batches: Envelope[][] = [];
  for (let start = 0; start < events.length; start += 10) {
    batches.push(events.slice(start, start + 10));
  }
  expect(await deliver(storeHandlerFor(names), batches)).toEqual([]);

  const client = new DynamoDBClient({});
  log = new RequestLog(client);
  route = readRouterOn(client, names, TOKEN);
}, 240_000);

async function listAgents(query = '') {
  const { response, requests } = await countedRead(route, log, TOKEN, '/v1/agents', query);
  expect(response.statusCode).toBe(200);
  const body = JSON.parse(String(response.body));
  return { agents: body.agents as { agentLoginId: string; activity: string }[], requests };
}

describe('listing 500 logged-in agents', () => {
  it('takes one Query and one BatchGetItem per 100 sessions: ceil(500 / 100) + 1 requests', async () => {
    const { agents, requests } = await listAgents();
    expect(agents).toHaveLength(AGENTS);
    expect(agents.every((agent) => agent.activity === 'available')).toBe(true);
    // Each agent's newest session; the 40 left open in the morning are not even read.
    expect(agents.every((agent) => agent.agentLoginId.startsWith('8'))).toBe(true);
    expect(requests).toEqual({ QueryCommand: 1, BatchGetItemCommand: Math.ceil(AGENTS / 100) });
  });

  it("narrows to one account within the index's query: 100 agents, two requests", async () => {
    const { agents, requests } = await listAgents('accountId=acct-small');
    expect(agents).toHaveLength(AGENTS / 5);
    expect(requests).toEqual({ QueryCommand: 1, BatchGetItemCommand: 1 });
  });
});
