import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { lambdaContext } from '../../../bin/local/lambda-context';
import { capturedOutput } from '../../support/captured-output';
import { vendorEvent } from '../../support/vendor-fixtures';

const TOKEN = 'unit-token-0123456789abcdef';
const sent: unknown[] = [];
const snsState = { down: false };

jest.mock('../../../lambdas/platform/sns', () => ({
  sns: {
    send: async (command: { input: { PublishBatchRequestEntries: { Id: string }[] } }) => {
      if (snsState.down) throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'Error' });
      sent.push(command);
      const entries = command.input.PublishBatchRequestEntries;
      return { Successful: entries.map(({ Id }) => ({ Id, MessageId: 'm-1' })), Failed: [] };
    },
  },
}));

type Handler = typeof import('../../../lambdas/ingest/handler').handler;
type Logger = typeof import('../../../lambdas/platform/logger').logger;

function httpEvent(body: string, requestId: string): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: 'POST /v1/events',
    rawPath: '/v1/events',
    rawQueryString: '',
    headers: { 'x-webhook-token': TOKEN, 'content-type': 'application/json' },
    requestContext: {
      http: { method: 'POST', path: '/v1/events', sourceIp: '127.0.0.1' },
      requestId,
      timeEpoch: Date.parse('2026-03-02T08:00:00Z'),
    },
    body,
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEventV2;
}

const context = lambdaContext('ingest', 'aws-1', 10_000);

describe('the ingest Lambda handler', () => {
  let handler: Handler;
  let logger: Logger;
  const { written, lines } = capturedOutput();

  const savedEnv = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, {
      EVENTS_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:events',
      QUARANTINE_TOPIC_ARN: 'arn:aws:sns:us-east-1:000000000000:quarantine',
      WEBHOOK_TOKEN: TOKEN,
      // Not whatever an integration project's setup left in this process.
      POWERTOOLS_LOG_LEVEL: 'INFO',
      POWERTOOLS_METRICS_DISABLED: 'false',
      POWERTOOLS_METRICS_NAMESPACE: 'UnitTest',
    });
    await jest.isolateModulesAsync(async () => {
      ({ handler } = await import('../../../lambdas/ingest/handler'));
      ({ logger } = await import('../../../lambdas/platform/logger'));
    });
  });

  afterAll(() => {
    process.env = savedEnv;
  });

  beforeEach(() => {
    sent.length = 0;
  });

  it('answers, logs the request with its context and flushes its metrics', async () => {
    const response = await handler(
      httpEvent(JSON.stringify(vendorEvent('login')), 'req-1'),
      context,
    );
    expect(response.statusCode).toBe(202);
    expect(sent).toHaveLength(1);
    const [logLine, emfLine] = lines();
    expect(logLine).toMatchObject({
      level: 'INFO',
      message: 'request answered',
      correlation_id: 'req-1',
      function_request_id: 'aws-1',
      status: 202,
      accepted: 1,
    });
    expect(emfLine._aws.CloudWatchMetrics[0]).toMatchObject({
      Namespace: 'UnitTest',
      Dimensions: [['service']],
    });
    expect(emfLine).toMatchObject({ Accepted: 1, 'Accepted.agent.login': 1 });
  });

  it('counts a refused credential and logs a hash of the client address, never the address', async () => {
    const refused = (sourceIp: string, requestId: string) => {
      const event = httpEvent(JSON.stringify(vendorEvent('login')), requestId);
      event.headers = { 'x-webhook-token': 'wrong', 'x-forwarded-for': sourceIp };
      event.requestContext.http.sourceIp = sourceIp;
      return handler(event, context);
    };
    written.length = 0;
    expect((await refused('203.0.113.7', 'req-5')).statusCode).toBe(401);
    expect((await refused('203.0.113.7', 'req-6')).statusCode).toBe(401);
    expect((await refused('198.51.100.9', 'req-7')).statusCode).toBe(401);
    const answered = lines().filter((line) => line.message === 'request answered');
    const hashes = answered.map((line) => line.clientHash);
    expect(hashes[0]).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes[1]).toBe(hashes[0]);
    expect(hashes[2]).not.toBe(hashes[0]);
    expect(written.join('')).not.toContain('203.0.113.7');
    const emf = lines().find((line) => line._aws !== undefined);
    expect(emf).toMatchObject({ Rejected: 1, 'Rejected.unauthorized': 1 });
  });

  it('keeps no request keys for the next invocation', async () => {
    await handler(httpEvent(JSON.stringify(vendorEvent('login')), 'req-2'), context);
    written.length = 0;
    logger.info('between invocations');
    expect(lines()[0]).not.toHaveProperty('correlation_id');
  });

  it('logs a 503 at WARN with its failure, so a WARN log level still shows outages', async () => {
    snsState.down = true;
    try {
      const response = await handler(
        httpEvent(JSON.stringify(vendorEvent('login')), 'req-4'),
        context,
      );
      expect(response.statusCode).toBe(503);
    } finally {
      snsState.down = false;
    }
    expect(lines().find((line) => line.message === 'request answered')).toMatchObject({
      level: 'WARN',
      status: 503,
      failure: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('answers 500 without internals when something unexpected fails', async () => {
    const broken = { ...httpEvent('{}', 'req-3'), requestContext: undefined };
    const response = await handler(broken as unknown as APIGatewayProxyEventV2, context);
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('TypeError');
    expect(lines()[0]).toMatchObject({ level: 'ERROR', message: 'unexpected failure' });
  });
});
