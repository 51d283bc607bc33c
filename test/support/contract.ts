import { type Envelope, type HttpRequestParts, interpretRecord } from '../../lambdas/events';
import { decodeRequest } from '../../lambdas/events/decode';
import type { TimeZoneConfig } from '../../lambdas/events/time-zones';

export const UTC_ONLY: TimeZoneConfig = { defaultZone: 'UTC', byAccount: {} };
export const RECEIVED_AT = new Date('2020-07-16T20:00:00.000Z');

/** Decodes a request and interprets every event in it, as ingest does. */
export function interpretRequest(
  request: HttpRequestParts,
  timeZones: TimeZoneConfig = UTC_ONLY,
  route = '/v1/events',
) {
  const decoded = decodeRequest(request);
  if (!decoded.ok) return { decoded, results: [] };
  const results = decoded.records.map((record, index) =>
    interpretRecord(record, {
      receivedAt: RECEIVED_AT,
      timeZones,
      transport: {
        encoding: decoded.encoding,
        route,
        batchIndex: decoded.batch ? index : undefined,
      },
    }),
  );
  return { decoded, results };
}

/** Interprets one event given as fields; throws when it is refused. */
export function envelopeOf(
  fields: Record<string, unknown>,
  timeZones: TimeZoneConfig = UTC_ONLY,
): Envelope {
  const result = interpretRecord(fields, {
    receivedAt: RECEIVED_AT,
    timeZones,
    transport: { encoding: 'json' },
  });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.event;
}
