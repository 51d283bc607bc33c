/**
 * No personal data in any log line of the whole pipeline: every function at DEBUG on a local
 * stack, fed part of the sample day, the vendor's examples (malformed ones too, which are
 * quarantined) and a message the store can never take (which it logs on its way to the DLQ),
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
        headers: { authorization: `Bearer ${stack.endpoints.readToken}` },
      });
      expect({ path, status: response.status }).toEqual({ path, status: 200 });
    }

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
