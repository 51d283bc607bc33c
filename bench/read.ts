/**
 * The read side under a large contact center: `agents` agents logged in on the local stack (the
 * bundled functions, as deployed), then `GET /v1/agents` read one request after the other, as
 * a board does, and timed from request to answer. The DynamoDB requests one read takes are
 * counted from the SDK: the read function's router, built from source on a client that logs
 * its commands, answers the same request on the same tables.
 */
import { sendPaced } from '../bin/cli/sender';
import type { LocalStack } from '../bin/local/stack';
import { LiveAgent, secondsBeforeNow } from '../test/support/live-agents';
import { countedRead, readRouterOn } from '../test/support/read-router';
import { RequestLog } from '../test/support/request-log';
import { startQuietStack } from './quiet-stack';
import { median, percentile } from './stats';

export interface ReadFigures {
  agents: number;
  reads: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** DynamoDB requests of one `GET /v1/agents`, as the SDK sent them. */
  requests: number;
}

export async function measureAgentsRead(agents: number, reads: number): Promise<ReadFigures> {
  const stack = await startQuietStack('bench-read-');
  try {
    const ago = secondsBeforeNow();
    const events = Array.from({ length: agents }, (_, index) => {
      const agent = new LiveAgent({
        accountId: '15300002',
        agentId: String(100_000 + index),
        agentLoginId: String(900_000 + index),
      });
      return [agent.login(ago(600)), agent.move(ago(600), 'AVAILABLE')];
    }).flat();
    await sendPaced(stack.endpoints, events, 250, 16, ({ status }) => status !== 202);
    const url = `${stack.endpoints.apiUrl}/v1/agents`;
    const headers = { authorization: `Bearer ${stack.endpoints.readToken}` };
    // Until the store has them all, then the timed reads.
    for (;;) {
      const answer = (await (await fetch(url, { headers })).json()) as { agents: unknown[] };
      if (answer.agents.length >= agents) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const durations: number[] = [];
    for (let read = 0; read < reads; read++) {
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`GET /v1/agents answered ${response.status}`);
      durations.push(performance.now() - started);
    }
    return {
      agents,
      reads,
      p50Ms: Number(median(durations).toFixed(1)),
      p99Ms: Number(percentile(durations, 99).toFixed(1)),
      maxMs: Number(Math.max(...durations).toFixed(1)),
      requests: await requestsOfOneRead(stack),
    };
  } finally {
    await stack.stop();
  }
}

/** The DynamoDB requests the SDK sends for one `GET /v1/agents` on the stack's tables. */
async function requestsOfOneRead(stack: LocalStack): Promise<number> {
  const log = new RequestLog(stack.dynamodb);
  try {
    const { readToken } = stack.endpoints;
    const route = readRouterOn(stack.dynamodb, stack.endpoints.dynamodb.tables, readToken);
    const { response, requests } = await countedRead(route, log, readToken, '/v1/agents', '');
    if (response.statusCode !== 200) throw new Error(`the router answered ${response.statusCode}`);
    return Object.values(requests).reduce((sum, count) => sum + count, 0);
  } finally {
    log.detach();
  }
}
