import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_JSON_DEPTH } from '../../../lambdas/events/json-text';
import { ingest } from '../../../lambdas/ingest/ingest';
import { MAX_BATCH_EVENTS } from '../../../lambdas/ingest/limits';
import {
  GATEWAY_RESPONSE_BYTES,
  MAX_VALIDATION_TOKEN_CHARS,
  ownAnswerBytes,
  SUBSCRIPTION_ANSWER_LIMIT_BYTES,
  SUBSCRIPTION_DEADLINE_MS,
  SUBSCRIPTION_ROUTE,
} from '../../../lambdas/ingest/subscription';
import { bodyOf, fakes, request, TOKEN } from '../../support/ingest-fakes';
import { expectedEnvelope, vendorEvent } from '../../support/vendor-fixtures';

const STATE_EXAMPLES = [
  'state-1-login-to-available',
  'state-2-available-aux',
  'state-3-transition',
  'state-4-engaged',
] as const;

const delivery = (body: unknown, headers: Record<string, string> = {}) =>
  request(body, {
    route: SUBSCRIPTION_ROUTE,
    headers: { 'x-webhook-token': TOKEN, 'content-type': 'application/json', ...headers },
  });

/** Within RingCX's limit once API Gateway's own status line and headers are added. */
function expectWithinLimit(answer: APIGatewayProxyStructuredResultV2) {
  expect(ownAnswerBytes(answer) + GATEWAY_RESPONSE_BYTES).toBeLessThanOrEqual(
    SUBSCRIPTION_ANSWER_LIMIT_BYTES,
  );
}

describe('the agent-state subscription route', () => {
  it('answers the validation request with its token, credential or not, storing nothing', async () => {
    for (const headers of [
      { 'validation-token': 'c8a2f2a8-3e1f-4a4e-9d8e-0b2f5c7d1e22' },
      { 'validation-token': 'c8a2f2a8-3e1f-4a4e-9d8e-0b2f5c7d1e22', 'x-webhook-token': TOKEN },
    ]) {
      const { deps, published, quarantined } = fakes();
      const outcome = await ingest(
        request('', { route: SUBSCRIPTION_ROUTE, headers, body: undefined }),
        deps,
      );
      expect(outcome.response.statusCode).toBe(200);
      expect(outcome.response.headers?.['Validation-Token']).toBe(
        'c8a2f2a8-3e1f-4a4e-9d8e-0b2f5c7d1e22',
      );
      expectWithinLimit(outcome.response);
      expect(published).toHaveLength(0);
      expect(quarantined).toHaveLength(0);
    }
  });

  it('refuses a validation token it could not echo within the limit, or only as other than printable ASCII', async () => {
    for (const token of ['x'.repeat(MAX_VALIDATION_TOKEN_CHARS + 1), 'two words', 'caf\u00e9']) {
      const { deps, quarantined } = fakes();
      const outcome = await ingest(
        request('', { route: SUBSCRIPTION_ROUTE, headers: { 'validation-token': token } }),
        deps,
      );
      expect(outcome.response.statusCode).toBe(400);
      expect(outcome.response.headers?.['Validation-Token']).toBeUndefined();
      expect(bodyOf(outcome).issues[0].path).toBe('Validation-Token');
      expect(quarantined).toHaveLength(0);
    }
    // The longest allowed is echoed within the limit.
    const { deps } = fakes();
    const longest = 'x'.repeat(MAX_VALIDATION_TOKEN_CHARS);
    const outcome = await ingest(
      request('', { route: SUBSCRIPTION_ROUTE, headers: { 'validation-token': longest } }),
      deps,
    );
    expect(outcome.response.statusCode).toBe(200);
    expectWithinLimit(outcome.response);
  });

  it('echoes the Validation-Token on every answer to a request that carries one, the credential still required for anything to read', async () => {
    const token = { 'validation-token': ' tok-42 ' };
    const answers = async (
      overrides: Parameters<typeof fakes>[0],
      ...args: Parameters<typeof delivery>
    ) => {
      const { deps } = fakes(overrides);
      return (await ingest(delivery(...args), deps)).response;
    };
    const accepted = await answers({}, vendorEvent('state-3-transition'), token);
    const refused = await answers({}, { not: 'an event' }, token);
    const unauthorized = await answers({}, vendorEvent('state-3-transition'), {
      ...token,
      'x-webhook-token': 'wrong',
    });
    const unavailable = await answers(
      {
        publish: async () => {
          throw new Error('topic down');
        },
      },
      vendorEvent('state-3-transition'),
      token,
    );
    expect(
      [accepted, refused, unauthorized, unavailable].map((answer) => [
        answer.statusCode,
        answer.headers?.['Validation-Token'],
      ]),
    ).toEqual([
      [200, 'tok-42'],
      [422, 'tok-42'],
      [401, 'tok-42'],
      [503, 'tok-42'],
    ]);
    for (const answer of [accepted, refused, unauthorized, unavailable]) expectWithinLimit(answer);
    // Without the header, no echo.
    expect((await answers({}, vendorEvent('state-3-transition'))).headers).not.toHaveProperty(
      'Validation-Token',
    );
  });

  it('refuses a delivery whose Validation-Token it could not echo with 400, kept in the quarantine once authenticated', async () => {
    const { deps, published, quarantined } = fakes();
    const outcome = await ingest(
      delivery(vendorEvent('state-3-transition'), { 'validation-token': 'two words' }),
      deps,
    );
    expect(outcome.response.statusCode).toBe(400);
    expect(outcome.response.headers?.['Validation-Token']).toBeUndefined();
    expect(bodyOf(outcome).issues[0].path).toBe('Validation-Token');
    expect(published).toHaveLength(0);
    expect(quarantined).toHaveLength(1);
  });

  it('maps each documented agent-state example as the webhook does, recording the route, and answers 200', async () => {
    for (const name of STATE_EXAMPLES) {
      const { deps, published } = fakes({
        timeZones: { defaultZone: 'America/Chicago', byAccount: {} },
      });
      const outcome = await ingest(delivery(vendorEvent(name)), deps);
      expect(outcome.response.statusCode).toBe(200);
      expect(bodyOf(outcome)).toEqual({ accepted: 1 });
      expectWithinLimit(outcome.response);
      const expected = expectedEnvelope(name) as Record<string, unknown>;
      expect(published[0]).toEqual({
        ...expected,
        receivedAt: published[0]?.receivedAt,
        transport: { encoding: 'json', route: SUBSCRIPTION_ROUTE },
      });
    }
  });

  it('takes a JSON array, publishing a repeated delivery under the same event id', async () => {
    const { deps, published } = fakes({ maxBodyBytes: 64 * 1024 });
    const events = STATE_EXAMPLES.map((name) => vendorEvent(name));
    const first = await ingest(delivery(events), deps);
    const retry = await ingest(delivery(events), deps);
    expect(bodyOf(first)).toEqual({ accepted: 4 });
    expect(retry.response.statusCode).toBe(200);
    const ids = published.map((event) => event.eventId);
    expect(ids.slice(4)).toEqual(ids.slice(0, 4));
    expect(new Set(ids).size).toBe(4);
  });

  it('keeps unknown fields under data.extra', async () => {
    const { deps, published } = fakes();
    const event = { ...vendorEvent('state-3-transition'), subscription_id: 'sub-1', seq: 7 };
    await ingest(delivery(event), deps);
    expect(published[0]?.data.extra).toEqual({ subscription_id: 'sub-1', seq: '7' });
  });

  it('refuses without the credential, keeping nothing', async () => {
    const { deps, published, quarantined } = fakes();
    const outcome = await ingest(
      delivery(vendorEvent('state-3-transition'), { 'x-webhook-token': 'wrong' }),
      deps,
    );
    expect(outcome.response.statusCode).toBe(401);
    expectWithinLimit(outcome.response);
    expect(published).toHaveLength(0);
    expect(quarantined).toHaveLength(0);
  });

  it('refuses what does not fit with 4xx, quarantined, every answer within the limit', async () => {
    const manyBad = Object.fromEntries(
      Object.keys(vendorEvent('state-4-engaged')).map((name) => [
        name,
        { nested: 'x'.repeat(200) },
      ]),
    );
    const batch = [
      vendorEvent('state-3-transition'),
      ...Array.from({ length: 30 }, () => ({ event_type: 'ONE-TO-ONE', x: 'y'.repeat(300) })),
    ];
    for (const [body, status] of [
      ['{"event_type": "LOGIN",', 400],
      [manyBad, 422],
      [batch, 422],
      ['x'.repeat(70 * 1024), 413],
    ] as const) {
      const { deps, quarantined } = fakes({ maxBodyBytes: 64 * 1024 });
      const outcome = await ingest(delivery(body), deps);
      expect(outcome.response.statusCode).toBe(status);
      expectWithinLimit(outcome.response);
      expect(quarantined).toHaveLength(1);
      expect(quarantined[0]?.route).toBe(SUBSCRIPTION_ROUTE);
    }
    const { deps } = fakes({ maxBodyBytes: 64 * 1024 });
    const mixed = await ingest(delivery(batch), deps);
    const answer = bodyOf(mixed);
    expect(answer.accepted).toBe(1);
    expect(answer.omittedIssues).toBeGreaterThan(0);
  });

  it(`refuses for good, as the webhook routes do: JSON nested past ${MAX_JSON_DEPTH} levels and implausible times with 422, more than ${MAX_BATCH_EVENTS} events with 413`, async () => {
    const transition = vendorEvent('state-3-transition');
    const tooDeep = `${JSON.stringify(transition).slice(0, -1)},"x":${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}}`;
    const tooMany = Array.from({ length: MAX_BATCH_EVENTS + 1 }, () => transition);
    for (const [body, status, rejection, error] of [
      [tooDeep, 422, 'too-deep', 'JSON body nested too deep'],
      [{ ...transition, date_time: '1999-12-31 23:59:59' }, 422, 'invalid', expect.any(String)],
      [{ ...transition, date_time: '9999-12-31 23:59:59' }, 422, 'invalid', expect.any(String)],
      [tooMany, 413, 'too-large', 'batch too large'],
    ] as const) {
      const { deps, published, quarantined } = fakes({ maxBodyBytes: 512 * 1024 });
      const outcome = await ingest(delivery(body), deps);
      expect(outcome.response.statusCode).toBe(status);
      expect(outcome.rejection).toBe(rejection);
      expect(bodyOf(outcome)).toMatchObject({ error });
      expectWithinLimit(outcome.response);
      expect(published).toHaveLength(0);
      expect(quarantined).toMatchObject([{ status, route: SUBSCRIPTION_ROUTE }]);
    }
  });

  it('answers 503 within its own deadline when the topic hangs, so RingCX retries', async () => {
    const stalled = (_: unknown, signal: AbortSignal) =>
      new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(signal.reason));
      });
    jest.useFakeTimers();
    try {
      const { deps } = fakes({ publish: stalled, deadlineMs: 7_000 });
      const pending = ingest(delivery(vendorEvent('state-3-transition')), deps);
      await jest.advanceTimersByTimeAsync(SUBSCRIPTION_DEADLINE_MS);
      const outcome = await pending;
      expect(outcome.response.statusCode).toBe(503);
      expectWithinLimit(outcome.response);
    } finally {
      jest.useRealTimers();
    }
  });

  it('answers 503 within the same deadline when the credential read hangs', async () => {
    jest.useFakeTimers();
    try {
      const { deps, published } = fakes({
        credentials: () => new Promise(() => {}),
        deadlineMs: 7_000,
      });
      const pending = ingest(delivery(vendorEvent('state-3-transition')), deps);
      await jest.advanceTimersByTimeAsync(SUBSCRIPTION_DEADLINE_MS);
      const outcome = await pending;
      expect(outcome.response.statusCode).toBe(503);
      expect(published).toHaveLength(0);
    } finally {
      jest.useRealTimers();
    }
  });
});
