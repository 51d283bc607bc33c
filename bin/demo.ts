/**
 * Shows the event contract on the vendor's own examples: each one decoded from a JSON body and
 * from the query string, the kind, time and id it gets, and the error for the malformed one.
 */
import { decodeRequest, interpretRecord, timeZoneConfigFromEnv } from '../lambdas/events';
import { vendorExamples } from '../test/support/vendor-fixtures';
import { toQueryString } from './cli/sender';

const timeZones = timeZoneConfigFromEnv();
const receivedAt = new Date();

for (const example of vendorExamples()) {
  const fromJson = decodeRequest({ body: example.body, contentType: 'application/json' });
  if (!fromJson.ok) {
    console.log(`${example.name}: 400 ${fromJson.error}: ${fromJson.issues[0]?.message}`);
    continue;
  }
  const record = fromJson.records[0] as Record<string, unknown>;
  const fromQuery = decodeRequest({ rawQueryString: toQueryString(record) });
  const results = [fromJson, fromQuery].map((decoded) =>
    decoded.ok
      ? interpretRecord(decoded.records[0], {
          receivedAt,
          timeZones,
          transport: { encoding: decoded.encoding },
        })
      : undefined,
  );
  const [json, query] = results;
  if (!json?.ok || !query?.ok) {
    console.log(`${example.name}: refused`, JSON.stringify(json ?? query));
    continue;
  }
  const same =
    json.event.eventId === query.event.eventId ? 'same id as query string' : 'ID DIFFERS';
  console.log(
    `${example.name}: ${json.event.kind} at ${json.event.occurredAt} #${json.event.sequence} ` +
      `id ${json.event.eventId} (${same})`,
  );
}
