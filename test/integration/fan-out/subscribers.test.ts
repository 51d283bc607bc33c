import { DeleteQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { type PacedAnswer, sendPaced } from '../../../bin/cli/sender';
import type { LocalStack } from '../../../bin/local/stack';
import type { Subscriber } from '../../../lib/config';
import { sampleDay } from '../../../samples/sample-day';
import { accountFor } from '../../support/burst';
import { startTestStack } from '../../support/local-stack';
import { drainQueue } from '../../support/resources';

const SUBSCRIBERS: Subscriber[] = [
  { name: 'calls', filter: { kind: ['call.ended'] } },
  { name: 'breaks', filter: { eventType: ['ON BREAK', 'LUNCH'], accountId: ['15300002'] } },
  // Subscribed, never read: it only fills up.
  { name: 'idle', filter: {} },
  // Its queue is deleted before anything is sent: the topic cannot deliver to it.
  { name: 'gone', filter: {} },
];
const OTHER_ACCOUNT = '15300099';

type VendorEvent = Record<string, unknown>;

let stack: LocalStack;
/** Event id -> the vendor event, for every event answered 202. */
const accepted = new Map<string, VendorEvent>();
const answers: PacedAnswer[] = [];

beforeAll(async () => {
  stack = await startTestStack({ subscribers: SUBSCRIBERS });
  await stack.sqs.send(
    new DeleteQueueCommand({ QueueUrl: stack.endpoints.sqs.subscribers.gone?.queueUrl }),
  );
  const day = sampleDay().slice(0, 600);
  // Another account's agents and calls (their ids apart too), which the account filter keeps out.
  const elsewhere = day.slice(0, 150).map((event) => ({
    ...event,
    account_id: OTHER_ACCOUNT,
    agent_login_id: `9${event.agent_login_id}`,
    ...(event.call_id === undefined ? {} : { call_id: `9${event.call_id}` }),
  }));
  const events = [...day, ...elsewhere];
  await sendPaced(stack.endpoints, events, 200, 8, ({ status, body, index, ...rest }) => {
    answers.push({ status, body, index, ...rest });
    if (status === 202) {
      for (const { eventId } of (body as { accepted: { eventId: string }[] }).accepted) {
        accepted.set(eventId, events[index] as VendorEvent);
      }
    }
    return false;
  });
}, 120_000);
afterAll(() => stack.stop());

/** The event ids a queue holds, one entry per message (a double would show twice). */
async function eventIdsIn(queueUrl: string | undefined): Promise<string[]> {
  const messages = await drainQueue(queueUrl ?? '', stack.sqs);
  return messages.map((message) => JSON.parse(message.Body ?? '{}').eventId).sort();
}

const idsWhere = (keep: (event: VendorEvent) => boolean) =>
  [...accepted]
    .filter(([, event]) => keep(event))
    .map(([eventId]) => eventId)
    .sort();

describe('subscribers of the events topic', () => {
  it('take nothing from the store: it stores every event, with an empty DLQ', async () => {
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    const account = await accountFor(stack, new Set(accepted.keys()));
    expect(account).toMatchObject({ accepted: 750, stored: 750, inDlq: 0, lost: 0 });
  });

  it('each receive exactly the events their filter names, once, as the envelope with its attributes', async () => {
    const subscribers = stack.endpoints.sqs.subscribers;
    const isCall = (event: VendorEvent) => String(event.event_type).endsWith('-CALL');
    const calls = await drainQueue(subscribers.calls?.queueUrl ?? '', stack.sqs);
    expect(calls.map((message) => JSON.parse(message.Body ?? '{}').eventId).sort()).toEqual(
      idsWhere(isCall),
    );
    expect(idsWhere(isCall).length).toBeGreaterThan(0);
    for (const message of calls) {
      const envelope = JSON.parse(message.Body ?? '{}');
      expect(envelope).toMatchObject({ schemaVersion: 1, kind: 'call.ended' });
      expect(message.MessageAttributes).toMatchObject({
        kind: { StringValue: 'call.ended' },
        eventType: { StringValue: envelope.raw.event_type },
        accountId: { StringValue: envelope.accountId },
        schemaVersion: { StringValue: '1' },
      });
    }

    const breaks = idsWhere(
      (event) =>
        ['ON BREAK', 'LUNCH'].includes(String(event.event_type)) && event.account_id === '15300002',
    );
    expect(breaks.length).toBeGreaterThan(0);
    expect(await eventIdsIn(subscribers.breaks?.queueUrl)).toEqual(breaks);
  });

  it('that never read pile up on their own queue, without a DLQ, and one that is gone loses only its own copy', async () => {
    const idle = stack.endpoints.sqs.subscribers.idle;
    expect(await eventIdsIn(idle?.queueUrl)).toEqual([...accepted.keys()].sort());
    expect(await drainQueue(idle?.dlqUrl ?? '', stack.sqs)).toHaveLength(0);
    // The store's queue has nothing left over either.
    const { Attributes } = await stack.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: stack.endpoints.sqs.eventsQueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
  });
});
