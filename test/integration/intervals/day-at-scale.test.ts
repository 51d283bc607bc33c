/**
 * A generated 200-agent day read through the three interval routes with no Scan: the read
 * function's router on a DynamoDB Local of the suite's own, with a client whose commands are
 * counted by name. The requests follow from the design (docs in README, "Interval figures"): the calls' `byDay` index,
 * the sessions' `byPresence` index, BatchGetItem 100 at a time, one timeline Query per session.
 */
import type { createRouter } from '../../../lambdas/read/router';
import {
  type GeneratedDay,
  type GeneratedDayTables,
  startGeneratedDay,
} from '../../support/generated-day-tables';
import { countedRead, readRouterOn } from '../../support/read-router';
import { RequestLog } from '../../support/request-log';

const AGENTS = 200;
const TOKEN = 'day-at-scale-read-token-0123';

let day: GeneratedDay;
let log: RequestLog;
let route: ReturnType<typeof createRouter>;
let tables: GeneratedDayTables;

beforeAll(async () => {
  tables = await startGeneratedDay({ agents: AGENTS });
  ({ day } = tables);
  log = new RequestLog(tables.client);
  route = readRouterOn(tables.client, tables.names, TOKEN);
}, 600_000);
afterAll(() => tables?.stop());

async function read(path: string, query: string) {
  const { response, requests, ms } = await countedRead(route, log, TOKEN, path, query);
  expect(response.statusCode).toBe(200);
  console.log(`${path} for ${AGENTS} agents: ${JSON.stringify(requests)} in ${ms.toFixed(0)} ms`);
  return { rows: JSON.parse(String(response.body)).rows as Record<string, unknown>[], requests };
}

const batches = (keys: number) => Math.ceil(keys / 100);

describe(`a generated ${AGENTS}-agent day`, () => {
  it('GET /v1/intervals/queues: the byDay index, then one BatchGetItem per 100 calls', async () => {
    const { rows, requests } = await read('/v1/intervals/queues', `date=${day.date}&minutes=30`);
    // Three queues and one outbound campaign, 48 half-hours each.
    expect(rows.length).toBe(4 * 48);
    expect(requests.BatchGetItemCommand).toBe(batches(day.items.calls));
    // DynamoDB Local cuts the index's pages at 1 MB of the calls' whole items (about 1 KB
    // each); DynamoDB counts the index entries (keys and accountId, under 100 bytes), so a
    // day of calls is one page there.
    expect(requests.QueryCommand).toBeLessThanOrEqual(Math.ceil(day.items.calls / 1000) + 1);
    expect(Object.keys(requests).sort()).toEqual(['BatchGetItemCommand', 'QueryCommand']);
  });

  it('GET /v1/intervals/agents: four byPresence Queries, a timeline Query per session, BatchGetItem for sessions and calls', async () => {
    const { rows, requests } = await read('/v1/intervals/agents', `date=${day.date}&minutes=30`);
    expect(new Set(rows.map((row) => row.agentId)).size).toBe(AGENTS + 1);
    expect(requests).toEqual({
      // LOGGED_IN and the logouts of the day's UTC day and the two after it.
      QueryCommand: 4 + day.items.sessions,
      // The calls the timelines name: not those that reached no agent.
      BatchGetItemCommand: batches(day.items.sessions) + batches(day.callsOnTimelines),
    });
  });

  it('GET /v1/segments: the same sessions and timelines, no calls', async () => {
    const { rows, requests } = await read('/v1/segments', `date=${day.date}`);
    expect(rows.length).toBeGreaterThan(day.items.states / 2);
    expect(requests).toEqual({
      QueryCommand: 4 + day.items.sessions,
      BatchGetItemCommand: batches(day.items.sessions),
    });
  });

  it('never scans', () => {
    // Every request of the reads above was one of these; a Scan would have shown in them.
    expect(log.sent.every((command) => command.name !== 'ScanCommand')).toBe(true);
  });
});
