import { type Message, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { startPoller, succeededMessages } from '../../../bin/local/sqs-poller';
import { storeDelivery } from '../../../lambdas/platform/resources';

const batch: Message[] = ['m-1', 'm-2', 'm-3'].map((id) => ({ MessageId: id, Body: id }));
const ids = (messages: Message[]) => messages.map((message) => message.MessageId);
const failing = (...itemIdentifiers: unknown[]) =>
  ({
    batchItemFailures: itemIdentifiers.map((itemIdentifier) => ({ itemIdentifier })),
  }) as SQSBatchResponse;

describe('which messages the local event source deletes after an invocation', () => {
  it('deletes all when the function reports no failure', () => {
    expect(ids(succeededMessages(batch, undefined))).toEqual(['m-1', 'm-2', 'm-3']);
    expect(ids(succeededMessages(batch, { batchItemFailures: [] }))).toEqual(['m-1', 'm-2', 'm-3']);
    expect(ids(succeededMessages(batch, {} as SQSBatchResponse))).toEqual(['m-1', 'm-2', 'm-3']);
  });

  it('keeps the reported failures for a retry and deletes the rest', () => {
    expect(ids(succeededMessages(batch, failing('m-2')))).toEqual(['m-1', 'm-3']);
    expect(succeededMessages(batch, failing('m-1', 'm-2', 'm-3'))).toEqual([]);
  });

  it.each([
    ['an unknown message id', failing('m-1', 'not-in-this-batch')],
    ['an empty id', failing('')],
    ['a null id', failing(null)],
    ['a wrong key name', { batchItemFailures: [{ id: 'm-1' }] } as unknown as SQSBatchResponse],
  ])('deletes nothing, as Lambda fails the whole batch, for %s', (_case, response) => {
    expect(succeededMessages(batch, response)).toEqual([]);
  });
});

describe('the local event source settings', () => {
  it('refuses a batching window that outlasts the visibility timeout', () => {
    const options = {
      sqs: new SQSClient({ region: 'us-east-1' }),
      queueUrl: 'http://unused',
      queueArn: 'arn:unused',
      batchSize: storeDelivery.batchSize,
      visibilityTimeoutSeconds: 1,
      handlers: [async () => ({ batchItemFailures: [] })],
    };
    expect(() => startPoller({ ...options, batchingWindowSeconds: 1 })).toThrow(
      'batchingWindowSeconds (1) must be less than visibilityTimeoutSeconds (1)',
    );
    expect(() => startPoller({ ...options, batchingWindowSeconds: Number.NaN })).toThrow(
      RangeError,
    );
  });
});
