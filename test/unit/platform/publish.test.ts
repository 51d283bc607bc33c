import type { PublishBatchCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  eventMessage,
  MAX_MESSAGE_BYTES,
  MAX_RAW_DELIVERY_ATTRIBUTES,
  messageAttributes,
} from '../../../lambdas/platform/event-message';
import { PublishFailed, publish, publishBatches } from '../../../lambdas/platform/publish';
import { envelopeOf } from '../../support/contract';
import { vendorExamples } from '../../support/vendor-fixtures';

const envelopes = vendorExamples()
  .filter((example) => !example.malformed)
  .map((example) => envelopeOf(JSON.parse(example.body)));

/** An SNS client that records each PublishBatch and refuses the entries `refuse` names. */
function recordingSns(refuse: (eventId: string, call: number) => boolean = () => false) {
  const calls: { eventIds: string[] }[] = [];
  const client = {
    send: async (command: PublishBatchCommand) => {
      const entries = command.input.PublishBatchRequestEntries ?? [];
      const eventIds = entries.map((entry) => JSON.parse(entry.Message ?? '{}').eventId);
      calls.push({ eventIds });
      const failed = entries.filter((_, index) => refuse(eventIds[index], calls.length));
      return {
        Successful: entries.filter((entry) => !failed.includes(entry)).map(({ Id }) => ({ Id })),
        Failed: failed.map(({ Id }) => ({ Id, Code: 'InternalError', SenderFault: false })),
      };
    },
  };
  return { client: client as unknown as SNSClient, calls };
}

describe('the published message', () => {
  it('carries at most the ten attributes SNS delivers raw, and the four subscribers filter on', () => {
    for (const envelope of envelopes) {
      const attributes = messageAttributes(envelope);
      expect(Object.keys(attributes).length).toBeLessThanOrEqual(MAX_RAW_DELIVERY_ATTRIBUTES);
      expect(attributes).toEqual({
        kind: { DataType: 'String', StringValue: envelope.kind },
        eventType: { DataType: 'String', StringValue: envelope.raw.event_type },
        accountId: { DataType: 'String', StringValue: '15300002' },
        schemaVersion: { DataType: 'Number', StringValue: '1' },
      });
    }
  });

  it('is the envelope, sized as SNS counts it: the body and every attribute name, type and value', () => {
    const [envelope] = envelopes;
    if (envelope === undefined) throw new Error('no vendor example');
    const message = eventMessage(envelope);
    expect(JSON.parse(message.message)).toEqual(envelope);
    const attributeBytes = Object.entries(message.attributes).reduce(
      (sum, [name, value]) => sum + name.length + value.DataType.length + value.StringValue.length,
      0,
    );
    expect(message.bytes).toBe(Buffer.byteLength(message.message) + attributeBytes);
  });
});

describe('publishing', () => {
  it('groups messages into calls of at most ten entries and at most 256 KiB in all, in order', () => {
    const sized = (bytes: number[]) => bytes.map((size, index) => ({ index, bytes: size }));
    const sizes = (batches: { bytes: number }[][]) =>
      batches.map((batch) => batch.map((message) => message.bytes));
    expect(sizes(publishBatches(sized(Array(23).fill(100))))).toEqual([
      Array(10).fill(100),
      Array(10).fill(100),
      Array(3).fill(100),
    ]);
    const large = MAX_MESSAGE_BYTES / 2;
    expect(sizes(publishBatches(sized([large, large, 1, large, MAX_MESSAGE_BYTES])))).toEqual([
      [large, large],
      [1, large],
      [MAX_MESSAGE_BYTES],
    ]);
    expect(publishBatches([])).toEqual([]);
  });

  it('publishes one event as a PublishBatch of one', async () => {
    const { client, calls } = recordingSns();
    await publish(client, 'arn:topic', envelopes.slice(0, 1).map(eventMessage));
    expect(calls).toEqual([{ eventIds: [envelopes[0]?.eventId] }]);
  });

  it('sends again only the entries SNS refused, and succeeds once all are taken', async () => {
    const target = envelopes[2]?.eventId;
    const { client, calls } = recordingSns((eventId, call) => eventId === target && call < 3);
    await publish(client, 'arn:topic', envelopes.map(eventMessage));
    expect(calls.map((call) => call.eventIds.length)).toEqual([envelopes.length, 1, 1]);
    expect(calls[1]?.eventIds).toEqual([target]);
  });

  it('fails naming the events SNS kept refusing, after a few rounds', async () => {
    const target = envelopes[1]?.eventId;
    const { client, calls } = recordingSns((eventId) => eventId === target);
    await expect(publish(client, 'arn:topic', envelopes.map(eventMessage))).rejects.toEqual(
      new PublishFailed([target as string]),
    );
    expect(calls).toHaveLength(3);
  });
});
