import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type Emulator,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  startDynamoDbLocal,
} from '../../../bin/local/emulators';
import type { Envelope } from '../../../lambdas/events';
import type { Item } from '../../../lambdas/items/item';
import { toAttributeMap } from '../../../lambdas/platform/dynamodb/item-mapping';
import { DEFAULT_RETENTION_DAYS, TTL_ATTRIBUTE } from '../../../lambdas/platform/resources';
import { envelopeOf } from '../../support/contract';
import { waitFor } from '../../support/resources';
import {
  deliver,
  freshTables,
  type StoreTableNames,
  scanAll,
  snapshot,
  storeHandlerFor,
} from '../../support/store-tables';

/**
 * Items built from events older than the retention (a replay, a backfill, a sender whose clock
 * is off) stay `RETENTION_DAYS` after they were written, through DynamoDB Local's TTL sweep,
 * which deletes expired items within seconds (AWS within days). The test has a DynamoDB Local
 * of its own: the shared one holds every suite's tables, and its sweep gets slow.
 */
const DAY_MS = 86_400_000;
/**
 * How old the events are: past the retention, so their items would expire at once if the TTL
 * were counted from the events, yet not five years past it, which DynamoDB's TTL leaves alone.
 */
const EVENTS_AGE_DAYS = DEFAULT_RETENTION_DAYS + 30;

/** The supervisor-monitoring scenario's vendor events, moved back to EVENTS_AGE_DAYS ago. */
function oldEvents(): Envelope[] {
  const { events } = JSON.parse(
    readFileSync(
      join(__dirname, '..', '..', 'fixtures', 'store', 'supervisor-monitoring.json'),
      'utf8',
    ),
  ) as { events: Record<string, Record<string, unknown>> };
  const recordedAt = Date.parse('2020-06-30T14:00:00.000Z');
  const shiftMs =
    Math.round((Date.now() - EVENTS_AGE_DAYS * DAY_MS - recordedAt) / DAY_MS) * DAY_MS;
  const moved = (text: unknown) =>
    new Date(Date.parse(`${String(text).replace(' ', 'T')}Z`) + shiftMs)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
  return Object.values(events).map((fields) =>
    envelopeOf({
      ...fields,
      ...('date_time' in fields ? { date_time: moved(fields.date_time) } : {}),
      ...('call_start' in fields ? { call_start: moved(fields.call_start) } : {}),
    }),
  );
}

let emulator: Emulator;
let client: DynamoDBClient;
beforeAll(async () => {
  emulator = await startDynamoDbLocal();
  client = new DynamoDBClient({
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    endpoint: emulator.endpoint,
  });
});
afterAll(() => emulator.stop());

async function allItems(names: StoreTableNames): Promise<[string, Item][]> {
  const tables = [names.sessions, names.states, names.calls];
  const items = await Promise.all(tables.map((table) => scanAll(table, client)));
  return tables.flatMap((table, index) =>
    (items[index] ?? []).map((item): [string, Item] => [table, item]),
  );
}

describe('retention', () => {
  it('keeps items built from events older than the retention through a TTL sweep', async () => {
    const names = await freshTables(client);
    const events = oldEvents();
    const writtenFrom = Math.floor(Date.now() / 1000);
    expect(await deliver(storeHandlerFor(names, client), [events])).toEqual([]);
    const writtenUntil = Math.ceil(Date.now() / 1000);
    const stored = await allItems(names);
    expect(stored.length).toBeGreaterThanOrEqual(events.length);

    // The rule: RETENTION_DAYS after the write, the events being older than that.
    const retentionS = DEFAULT_RETENTION_DAYS * 86_400;
    for (const [, item] of stored) {
      expect(item[TTL_ATTRIBUTE]).toBeGreaterThanOrEqual(writtenFrom + retentionS);
      expect(item[TTL_ATTRIBUTE]).toBeLessThanOrEqual(writtenUntil + retentionS);
    }

    // DynamoDB Local sweeps only tables without indexes, the states table here; the sessions
    // and calls tables are held to the rule by the values above. A copy of a stored row, its TTL
    // counted from its event as it once was, is swept; once it is, the sweep has looked at the
    // store's own rows too.
    const before = await snapshot(names, client);
    const [, row] = stored.find(([table]) => table === names.states) ?? [];
    const copy = {
      ...row,
      agentLoginId: 'copy',
      [TTL_ATTRIBUTE]: Math.floor(Date.parse(String(row?.occurredAt)) / 1000) + retentionS,
    };
    expect(copy[TTL_ATTRIBUTE]).toBeLessThan(Date.now() / 1000);
    await client.send(new PutItemCommand({ TableName: names.states, Item: toAttributeMap(copy) }));
    await waitFor(
      async () =>
        (await scanAll(names.states, client)).every((item) => item.agentLoginId !== 'copy'),
      { timeoutMs: 60_000, intervalMs: 500, what: 'the TTL sweep to delete the expired copy' },
    );
    expect(await snapshot(names, client)).toEqual(before);
  }, 120_000);
});
