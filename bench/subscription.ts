/**
 * The agent-state subscription route on the local stack (the bundled functions, as deployed):
 * distinct agent-state events delivered one after the other as RingCX delivers them, each timed
 * from request to the whole answer, and the largest answer in bytes (status line and headers
 * included). RingCX wants 200 within 3,000 ms and at most 1,024 bytes; the tests assert the
 * size, this reports the time.
 */
import { SUBSCRIPTION_ROUTE } from '../lambdas/ingest/subscription';
import { rawRequest } from '../test/support/raw-http';
import { vendorEvent } from '../test/support/vendor-fixtures';
import { startQuietStack } from './quiet-stack';
import { percentile } from './stats';

export interface SubscriptionFigures {
  deliveries: number;
  answerP50Ms: number;
  answerP99Ms: number;
  largestAnswerBytes: number;
}

export async function measureSubscription(deliveries: number): Promise<SubscriptionFigures> {
  const stack = await startQuietStack('bench-subscription-');
  try {
    const example = vendorEvent('state-3-transition');
    const url = `${stack.endpoints.apiUrl}${SUBSCRIPTION_ROUTE}`;
    const headers = {
      'content-type': 'application/json',
      'x-webhook-token': stack.endpoints.token,
    };
    const durations: number[] = [];
    let largest = 0;
    for (let delivery = 0; delivery < deliveries; delivery++) {
      // A login id of its own each time: distinct events, as a contact center's would be.
      const body = JSON.stringify({ ...example, agent_login_id: String(700_000 + delivery) });
      const started = performance.now();
      const answer = await rawRequest(url, 'POST', headers, body);
      durations.push(performance.now() - started);
      if (answer.status !== 200)
        throw new Error(`the subscription route answered ${answer.status}`);
      largest = Math.max(largest, answer.bytes);
    }
    return {
      deliveries,
      answerP50Ms: Number(percentile(durations, 50).toFixed(1)),
      answerP99Ms: Number(percentile(durations, 99).toFixed(1)),
      largestAnswerBytes: largest,
    };
  } finally {
    await stack.stop();
  }
}
