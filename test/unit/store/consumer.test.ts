import type { Envelope } from '../../../lambdas/events';
import { logger } from '../../../lambdas/platform/logger';
import { createStoreConsumer } from '../../../lambdas/store/consumer';
import { InMemoryTables } from '../../support/in-memory-tables';
import { vendorStateEvents } from '../../support/scenarios';
import { sqsEvent } from '../../support/sqs-event';

describe('the store consumer', () => {
  const events = vendorStateEvents();
  const bodies = events.map((event) => JSON.stringify(event));
  let logged: jest.SpyInstance;

  beforeEach(() => {
    logged = jest.spyOn(logger, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => logged.mockRestore());

  it('stores a batch and reports no failures', async () => {
    const tables = new InMemoryTables();
    const consume = createStoreConsumer({ tables });
    expect(await consume(sqsEvent(bodies))).toEqual({ batchItemFailures: [] });
    expect(tables.stateItems.get('612829048')?.size).toBe(4);
  });

  it('writes the session of a batch once, however many of its events the batch holds', async () => {
    const tables = new InMemoryTables();
    const apply = jest.spyOn(tables.sessions, 'apply');
    const consume = createStoreConsumer({ tables });
    expect(await consume(sqsEvent(bodies))).toEqual({ batchItemFailures: [] });
    expect(apply).toHaveBeenCalledTimes(1);
    const oneByOne = new InMemoryTables();
    for (const body of bodies) await createStoreConsumer({ tables: oneByOne })(sqsEvent([body]));
    expect(tables.sessionItems).toEqual(oneByOne.sessionItems);
  });

  it('reports a record that can never be stored alone, with a log line saying why', async () => {
    const tables = new InMemoryTables();
    const consume = createStoreConsumer({ tables });
    const future = JSON.stringify({ ...events[0], schemaVersion: 2 });
    const response = await consume(sqsEvent([bodies[1] as string, future, 'not json']));
    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: 'message-1' },
      { itemIdentifier: 'message-2' },
    ]);
    expect(tables.stateItems.get('612829048')?.size).toBe(1);
    expect(logged).toHaveBeenCalledWith(
      'Message can never be stored; it will go to the DLQ',
      expect.objectContaining({
        messageId: 'message-1',
        reason: 'unknown schemaVersion 2, this store reads 1',
      }),
    );
    expect(logged).toHaveBeenCalledWith(
      'Message can never be stored; it will go to the DLQ',
      expect.objectContaining({ messageId: 'message-2', reason: 'body is not JSON' }),
    );
  });

  it('fails only the record whose write failed, and answers a batch that failed entirely', async () => {
    const tables = new InMemoryTables();
    const failing = events[2] as Envelope;
    const put = tables.timeline.put;
    tables.timeline.put = async (row) => {
      if (row.eventId === failing.eventId) throw new Error('ProvisionedThroughputExceeded');
      return put(row);
    };
    const consume = createStoreConsumer({ tables });
    expect((await consume(sqsEvent(bodies))).batchItemFailures).toEqual([
      { itemIdentifier: 'message-2' },
    ]);
    expect(logged).toHaveBeenCalledWith(
      'Storing the event failed; it will be retried',
      expect.objectContaining({
        messageId: 'message-2',
        error: 'Error: ProvisionedThroughputExceeded',
      }),
    );
    expect(await consume(sqsEvent([bodies[2] as string]))).toEqual({
      batchItemFailures: [{ itemIdentifier: 'message-0' }],
    });
  });
});
