import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { deliver, routeFor } from '../../../bin/cli/sender';
import type { LocalStack } from '../../../bin/local/stack';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';
import { drainQueue, waitFor } from '../../support/resources';

let stack: LocalStack;
beforeAll(async () => {
  // Tables on disk, so DynamoDB Local keeps them across its restart, as DynamoDB would.
  stack = await startTestStack({ dataDir: mkdtempSync(join(tmpdir(), 'restart-')) });
});
afterAll(() => stack.stop());

const day = readFileSync(
  join(__dirname, '..', '..', '..', 'samples', 'contact-center-day.ndjson'),
  'utf8',
)
  .trim()
  .split('\n')
  .slice(0, 400)
  .map((line) => JSON.parse(line) as Record<string, unknown>);

const drained = () => waitUntilDrained(stack);

async function storedStateEventIds(): Promise<string[]> {
  const rows: string[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await stack.dynamodb.send(
      new ScanCommand({
        TableName: stack.endpoints.dynamodb.tables.states,
        ExclusiveStartKey: start,
      }),
    );
    rows.push(...(page.Items ?? []).map((item) => item.eventId?.S ?? ''));
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start !== undefined);
  return rows.sort();
}

describe('DynamoDB Local stopped and restarted while events flow', () => {
  it('keeps every accepted event stored or in the DLQ, and a DLQ replay completes it once', async () => {
    const accepted = new Map<string, Record<string, unknown>>();
    let next = 0;
    const send = async () => {
      while (next < day.length) {
        const event = day[next++] as Record<string, unknown>;
        const { status, body } = await deliver(
          stack.endpoints.apiUrl,
          routeFor(event),
          stack.endpoints.token,
          event,
          'json',
        );
        expect(status).toBe(202);
        for (const { eventId } of (body as { accepted: { eventId: string }[] }).accepted) {
          accepted.set(eventId, event);
        }
      }
    };
    const senders = Promise.all(Array.from({ length: 4 }, send));
    await waitFor(async () => accepted.size >= 100, { what: 'a quarter of the events sent' });
    await stack.emulators.dynamodb.stop();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await stack.emulators.dynamodb.start();
    await senders;

    await drained();

    // Records that failed on all 5 receives while DynamoDB was down wait in the DLQ.
    const dead = await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs);
    const deadIds = dead.map((message) => JSON.parse(message.Body ?? '{}').eventId as string);
    const stateIds = [...accepted]
      .filter(([, event]) => event.prev_state !== undefined)
      .map(([id]) => id)
      .sort();
    const stored = await storedStateEventIds();
    expect(
      [...new Set([...stored, ...deadIds.filter((id) => stateIds.includes(id))])].sort(),
    ).toEqual(stateIds);

    // An operator's redrive: the DLQ back onto the events queue; nothing doubles.
    for (const message of dead) {
      await stack.sqs.send(
        new SendMessageCommand({
          QueueUrl: stack.endpoints.sqs.eventsQueueUrl,
          MessageBody: message.Body,
        }),
      );
    }
    await drained();
    expect(await drainQueue(stack.endpoints.sqs.dlqUrl, stack.sqs)).toHaveLength(0);
    expect(await storedStateEventIds()).toEqual(stateIds);
    console.log(
      `DynamoDB restart: ${accepted.size} accepted, ${stored.length} state rows stored at once, ${dead.length} in the DLQ, all stored after the redrive`,
    );
  });
});
