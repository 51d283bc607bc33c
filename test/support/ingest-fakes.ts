import type { Envelope } from '../../lambdas/events';
import type { IngestDependencies, IngestRequest } from '../../lambdas/ingest/ingest';
import type { QuarantineRecord } from '../../lambdas/ingest/quarantine';
import type { EventMessage } from '../../lambdas/platform/event-message';

export const TOKEN = 'test-token-0123456789abcdef';

/** Ingest's dependencies, recording what it publishes and quarantines. */
export function fakes(overrides: Partial<IngestDependencies> = {}) {
  const published: Envelope[] = [];
  const messages: EventMessage[] = [];
  const quarantined: QuarantineRecord[] = [];
  const deps: IngestDependencies = {
    credentials: async () => [{ token: TOKEN }],
    publish: async (batch) => {
      messages.push(...batch);
      published.push(...batch.map((message) => JSON.parse(message.message)));
    },
    quarantine: async (record) => {
      quarantined.push(record);
    },
    timeZones: { defaultZone: 'UTC', byAccount: {} },
    maxBodyBytes: 1024,
    deadlineMs: 1000,
    ...overrides,
  };
  return { deps, published, messages, quarantined };
}

/** A POST of `body` (JSON unless text is given) with the credential. */
export function request(body: unknown, overrides: Partial<IngestRequest> = {}): IngestRequest {
  return {
    method: 'POST',
    route: '/v1/events',
    rawQueryString: '',
    headers: { 'x-webhook-token': TOKEN, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    isBase64Encoded: false,
    requestId: 'req-1',
    receivedAt: new Date('2026-01-01T00:00:00Z'),
    ...overrides,
  };
}

/** The JSON body ingest answered with. */
export const bodyOf = (outcome: { response: { body?: string } }) =>
  JSON.parse(outcome.response.body ?? '');
