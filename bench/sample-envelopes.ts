import { decodeRequest, type Envelope, interpretRecord } from '../lambdas/events';

/**
 * Each sample body (one JSON event) as ingest interprets it, on /v1/events with the default
 * zone; a refused body throws, since every sample event is valid.
 */
export function sampleEnvelopes(bodies: readonly string[]): Envelope[] {
  const receivedAt = new Date();
  return bodies.map((body) => {
    const decoded = decodeRequest({ body, contentType: 'application/json' });
    const result = decoded.ok
      ? interpretRecord(decoded.records[0], {
          receivedAt,
          timeZones: { defaultZone: 'UTC', byAccount: {} },
          transport: { encoding: 'json', route: '/v1/events' },
        })
      : undefined;
    if (!result?.ok) throw new Error(`a sample event was refused: ${body.slice(0, 80)}`);
    return result.event;
  });
}
