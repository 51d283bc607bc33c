/**
 * No personal data in any log line of the whole pipeline: every function at DEBUG on a local
 * stack, fed part of the sample day, the vendor's examples (malformed ones too, which are
 * quarantined), requests carrying client addresses in proxy headers (one with a wrong
 * credential) and a message the store can never take (which it logs on its way to the DLQ),
 * then read back through the read routes, whose answers hold usernames.
 */
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { deliver, routeFor } from '../../../bin/cli/sender';
import type { LocalStack } from '../../../bin/local/stack';
import { sampleDay } from '../../../samples/sample-day';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';
import { vendorExamples } from '../../support/vendor-fixtures';

const PERSONAL_FIELDS = ['username', 'agent_phone', 'source_ip', 'ani', 'dnis', 'recording_url'];

let stack: LocalStack;
const written: string[] = [];
beforeAll(async () => {
  // Captured, not passed on: thousands of DEBUG lines would bury the test run's output.
  for (const stream of [process.stdout, process.stderr]) {
    jest.spyOn(stream, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
  }
  stack = await startTestStack({ env: { POWERTOOLS_LOG_LEVEL: 'DEBUG' } });
});
afterAll(async () => {
  await stack.stop();
  jest.restoreAllMocks();
});

describe('the logs of ingest, store and read', () => {
  it('hold no username, phone, IP, ANI/DNIS or recording URL of any event', async () => {
    const events = sampleDay().slice(0, 400);
    for (const event of events) {
      await deliver(stack.endpoints.apiUrl, routeFor(event), stack.endpoints.token, event, 'json');
    }
    const examples = vendorExamples();
    for (const example of examples) {
      await fetch(`${stack.endpoints.apiUrl}/v1/events`, {
        method: 'POST',
        headers: { 'x-webhook-token': stack.endpoints.token, 'content-type': 'application/json' },
        body: example.body,
      });
    }
    // Client addresses as proxies pass them on, with and without the credential.
    const clientAddresses = ['203.0.113.45', '198.51.100.17', '192.0.2.33'];
    const addressHeaders = {
      'x-forwarded-for': `${clientAddresses[0]}, 10.0.0.1`,
      forwarded: `for=${clientAddresses[1]};proto=https`,
      'x-real-ip': clientAddresses[2] as string,
    };
    for (const token of [stack.endpoints.token, 'not-the-token']) {
      const response = await fetch(`${stack.endpoints.apiUrl}/v1/events`, {
        method: 'POST',
        headers: {
          ...addressHeaders,
          'x-webhook-token': token,
          'content-type': 'application/json',
        },
        body: JSON.stringify(events[1]),
      });
      expect(response.status).toBe(token === 'not-the-token' ? 401 : 202);
    }
    await stack.sqs.send(
      new SendMessageCommand({
        QueueUrl: stack.endpoints.sqs.eventsQueueUrl,
        MessageBody: JSON.stringify({ schemaVersion: 99, ...events[0] }),
      }),
    );
    await waitUntilDrained(stack);
    const loginId = events.find((event) => event.agent_login_id)?.agent_login_id;
    const callId = events.find((event) => event.call_state)?.call_id;
    for (const path of [
      '/v1/agents?includeLoggedOut=true&includeStale=true',
      `/v1/agents/${loginId}`,
      `/v1/calls/${callId}`,
    ]) {
      const response = await fetch(`${stack.endpoints.apiUrl}${path}`, {
        headers: { ...addressHeaders, authorization: `Bearer ${stack.endpoints.readToken}` },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }
    // A board with a wrong read token, from behind a proxy.
    const refused = await fetch(`${stack.endpoints.apiUrl}/v1/agents`, {
      headers: { ...addressHeaders, authorization: 'Bearer not-the-read-token' },
    });
    expect(refused.status).toBe(401);

    const logs = written.join('');
    // Every function did log, including the failure paths.
    expect(logs).toContain('request answered');
    expect(logs).toContain('"route":"call"');
    expect(logs).toContain('Message can never be stored');
    const personal = new Set<string>();
    const fieldSets = [...events, ...examples.map((example) => parsedOrEmpty(example.body))];
    for (const fields of fieldSets) {
      for (const name of PERSONAL_FIELDS) {
        const value = fields[name];
        if (typeof value !== 'string' || value.trim().length <= 3) continue;
        personal.add(value);
        // As the envelope carries it: recording URLs lose their spaces.
        personal.add(value.replace(/\s+/g, ''));
      }
    }
    // A refused request is logged with a hash of its client's address instead.
    expect(logs).toMatch(/"clientHash":"[0-9a-f]{16}"/);
    for (const address of clientAddresses) personal.add(address);
    expect(personal.size).toBeGreaterThan(50);
    const leaked = [...personal].filter(
      (value) => logs.includes(value) || logs.includes(JSON.stringify(value).slice(1, -1)),
    );
    expect(leaked).toEqual([]);
  });
});

function parsedOrEmpty(body: string): Record<string, unknown> {
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return {};
  }
}
