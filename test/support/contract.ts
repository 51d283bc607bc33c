import { type Envelope, type HttpRequestParts, interpretRecord } from '../../lambdas/events';
import { decodeRequest } from '../../lambdas/events/decode';
import type { TimeZoneConfig } from '../../lambdas/events/time-zones';

export const UTC_ONLY: TimeZoneConfig = { defaultZone: 'UTC', byAccount: {} };
export const RECEIVED_AT = new Date('2020-07-16T20:00:00.000Z');
/**
 * A receipt after every event time the tests write (up to 2040), for tests of other rules than
 * the plausible time range (events more than a day ahead of their receipt are refused).
 */
export const RECEIVED_AFTER_ALL = new Date('2041-01-01T00:00:00.000Z');

/** Decodes a request and interprets every event in it, as ingest does. */
export function interpretRequest(
  request: HttpRequestParts,
  timeZones: TimeZoneConfig = UTC_ONLY,
  route = '/v1/events',
  receivedAt = RECEIVED_AT,
) {
  const decoded = decodeRequest(request);
  if (!decoded.ok) return { decoded, results: [] };
  const results = decoded.records.map((record, index) =>
    interpretRecord(record, {
      receivedAt,
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

/**
 * Interprets one event given as fields, received after every time the tests write unless told
 * otherwise; throws when it is refused.
 */
export function envelopeOf(
  fields: Record<string, unknown>,
  timeZones: TimeZoneConfig = UTC_ONLY,
  receivedAt = RECEIVED_AFTER_ALL,
): Envelope {
  const result = interpretRecord(fields, {
    receivedAt,
    timeZones,
    transport: { encoding: 'json' },
  });
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.issues)}`);
  return result.event;
}
