import { lambdaContext } from '../../../bin/local/lambda-context';
import { capturedOutput } from '../../support/captured-output';
import { vendorStateEvents } from '../../support/scenarios';
import { sqsEvent } from '../../support/sqs-event';

jest.mock('../../../lambdas/store/config', () => {
  const { InMemoryTables } = jest.requireActual('../../support/in-memory-tables');
  return { storeConfigFromEnv: () => ({ tables: new InMemoryTables() }) };
});

type Handler = typeof import('../../../lambdas/store/handler').handler;

const context = lambdaContext('store', 'aws-1', 30_000);

describe('the store Lambda handler', () => {
  let handler: Handler;
  const { written, lines } = capturedOutput();
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, {
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_METRICS_NAMESPACE: 'UnitTest',
    });
    await jest.isolateModulesAsync(async () => {
      ({ handler } = await import('../../../lambdas/store/handler'));
    });
  });
  afterAll(() => {
    process.env = savedEnv;
  });

  it('counts stored, unchanged and failed records, and logs a failure with its context', async () => {
    const events = vendorStateEvents();
    const bodies = [...events, events[0]].map((event) => JSON.stringify(event));
    const response = await handler(sqsEvent([...bodies, 'not json']), context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'message-5' }]);
    const failure = lines().find((line) => line.level === 'ERROR');
    expect(failure).toMatchObject({
      message: 'Message can never be stored; it will go to the DLQ',
      function_request_id: 'aws-1',
      messageId: 'message-5',
    });
    expect(failure).not.toHaveProperty('event');
    const emf = lines().find((line) => line._aws !== undefined);
    expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'UnitTest',
      Dimensions: [['service']],
    });
    expect(emf).toMatchObject({
      Stored: 4,
      'Stored.agent.state': 4,
      Unchanged: 1,
      Failed: 1,
    });
  });

  it('counts a redelivered batch as unchanged', async () => {
    const bodies = vendorStateEvents().map((event) => JSON.stringify(event));
    await handler(sqsEvent(bodies), context);
    written.length = 0;
    await handler(sqsEvent(bodies), context);
    expect(lines().find((line) => line._aws !== undefined)).toMatchObject({
      Stored: 0,
      Unchanged: 4,
      Failed: 0,
    });
  });
});
