import { ingest } from '../../../lambdas/ingest/ingest';
import { bodyOf, fakes, request } from '../../support/ingest-fakes';
import { vendorEvent } from '../../support/vendor-fixtures';

const login = vendorEvent('login');
const engaged = vendorEvent('state-4-engaged');

describe('ingesting one request', () => {
  it('answers health without credentials', async () => {
    const { deps } = fakes();
    const outcome = await ingest(request('', { route: '/v1/health', headers: {} }), deps);
    expect(outcome.response.statusCode).toBe(200);
    expect(bodyOf(outcome)).toEqual({ status: 'ok' });
  });

  it('accepts a valid event only after it is published, recording the route', async () => {
    const { deps, published } = fakes();
    const outcome = await ingest(request(login, { route: '/v1/agent-events' }), deps);
    expect(outcome.response.statusCode).toBe(202);
    expect(bodyOf(outcome)).toEqual({
      accepted: [{ eventId: published[0]?.eventId, kind: 'agent.login' }],
    });
    expect(published[0]?.transport).toEqual({ encoding: 'json', route: '/v1/agent-events' });
  });

  it('refuses without the credential, publishing and keeping nothing', async () => {
    const { deps, published, quarantined } = fakes();
    const outcome = await ingest(request(login, { headers: { 'x-webhook-token': 'nope' } }), deps);
    expect(outcome.response.statusCode).toBe(401);
    expect(bodyOf(outcome).error).toBe('unauthorized');
    expect(published).toHaveLength(0);
    expect(quarantined).toHaveLength(0);
  });

  it('answers 400 for an unreadable body and keeps it, credentials removed', async () => {
    const { deps, quarantined } = fakes();
    const outcome = await ingest(request('{"event_type": "LOGIN",'), deps);
    expect(outcome.response.statusCode).toBe(400);
    expect(bodyOf(outcome)).toMatchObject({
      error: 'malformed JSON body',
      issues: [{ path: 'body' }],
    });
    expect(quarantined[0]).toMatchObject({ status: 400, body: '{"event_type": "LOGIN",' });
    expect(quarantined[0]?.headers).not.toHaveProperty('x-webhook-token');
  });

  it('answers 422 for an invalid or unknown event and keeps it', async () => {
    const { deps, quarantined, published } = fakes();
    const unknown = await ingest(
      request({ ...login, event_type: 'ONE-TO-ONE', call_id: '1', call_state: 'X' }),
      deps,
    );
    expect(unknown.response.statusCode).toBe(422);
    expect(unknown.rejection).toBe('unclassifiable');
    const invalid = await ingest(request({ ...engaged, agent_login_id: null }), deps);
    expect(bodyOf(invalid)).toEqual({
      error: 'invalid agent.state event: agent_login_id',
      issues: [{ path: 'agent_login_id', message: 'is required' }],
    });
    expect(quarantined.map((record) => record.status)).toEqual([422, 422]);
    expect(published).toHaveLength(0);
  });

  it('answers 413 over the size limit and keeps the head of the body, marked truncated', async () => {
    const { deps, quarantined } = fakes();
    const outcome = await ingest(request('x'.repeat(5000)), deps);
    expect(outcome.response.statusCode).toBe(413);
    expect(quarantined[0]?.truncated).toEqual({ originalBytes: 5000, keptBytes: 1024 });
    expect(Buffer.from(quarantined[0]?.body ?? '', 'base64').toString()).toBe('x'.repeat(1024));
  });

  it('answers a batch per event: valid ones published, the rest kept, duplicates sent once', async () => {
    const { deps, published, quarantined } = fakes({ maxBodyBytes: 64 * 1024 });
    const outcome = await ingest(request([login, { nonsense: true }, login, engaged]), deps);
    expect(outcome.response.statusCode).toBe(422);
    const body = bodyOf(outcome);
    expect(body.accepted.map((event: { kind: string }) => event.kind)).toEqual([
      'agent.login',
      'agent.login',
      'agent.state',
    ]);
    expect(body.issues).toEqual([{ path: '[1].event_type', message: expect.any(String) }]);
    expect(published.map((event) => event.kind)).toEqual(['agent.login', 'agent.state']);
    expect(quarantined).toHaveLength(1);
    expect(outcome.rejectedEvents).toBe(1);
  });

  it('refuses and keeps an event whose message the topic would refuse for its size', async () => {
    const { deps, published, quarantined } = fakes({ maxBodyBytes: 1024 * 1024 });
    // Kept twice in the envelope (raw and data.extra): about 300 KB, over SNS's 256 KiB.
    const padded = { ...login, x_note: 'n'.repeat(150_000) };
    const lone = await ingest(request(padded), deps);
    expect(lone.response.statusCode).toBe(413);
    expect(lone.rejection).toBe('too-large');
    expect(bodyOf(lone).issues).toEqual([
      {
        path: 'body',
        message: expect.stringMatching(/takes \d+ bytes; the topic takes at most 262144$/),
      },
    ]);
    const batch = await ingest(request([engaged, padded]), deps);
    expect(batch.response.statusCode).toBe(422);
    expect(bodyOf(batch)).toMatchObject({
      accepted: [{ kind: 'agent.state' }],
      issues: [{ path: '[1]' }],
    });
    expect(published.map((event) => event.kind)).toEqual(['agent.state']);
    expect(quarantined.map((record) => record.status)).toEqual([413, 422]);
  });

  it('answers 503 and claims nothing when the topic, the quarantine or the secret fail', async () => {
    const failing = async () => {
      throw new Error('unreachable');
    };
    for (const broken of [
      { publish: failing },
      { quarantine: failing },
      { credentials: failing },
    ]) {
      const { deps } = fakes(broken);
      const outcome = await ingest(request(broken.quarantine ? '{bad' : login), deps);
      expect(outcome.response.statusCode).toBe(503);
      expect(outcome.accepted).toEqual([]);
      expect(outcome.response.body).not.toContain('unreachable');
    }
  });

  it('cuts a publish that outlasts the deadline, aborting it as a timeout', async () => {
    let reason: unknown;
    const stalled = (_events: unknown, signal: AbortSignal) =>
      new Promise<void>((_, reject) => {
        signal.addEventListener('abort', () => {
          reason = signal.reason;
          reject(signal.reason);
        });
      });
    const { deps } = fakes({ publish: stalled, deadlineMs: 20 });
    const outcome = await ingest(request(login), deps);
    expect(outcome.response.statusCode).toBe(503);
    expect(outcome.failure).toBe('TimeoutError: The operation was aborted due to timeout');
    expect(reason).toBeInstanceOf(DOMException);
  });

  it('leaves no deadline timer behind once it has answered', async () => {
    jest.useFakeTimers();
    try {
      const { deps } = fakes();
      await ingest(request(login), deps);
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('keeps a single event answer within 1 KiB, however many fields are wrong', async () => {
    const { deps } = fakes({ maxBodyBytes: 64 * 1024 });
    const broken = Object.fromEntries(
      Object.keys(engaged).map((key) => [key, { x: 'y'.repeat(300) }]),
    );
    const outcome = await ingest(request({ ...broken, prev_state: 'X' }), deps);
    expect(outcome.response.statusCode).toBe(422);
    expect(Buffer.byteLength(outcome.response.body ?? '')).toBeLessThanOrEqual(1024);
    expect(bodyOf(outcome).omittedIssues).toBeGreaterThan(0);
  });
});
