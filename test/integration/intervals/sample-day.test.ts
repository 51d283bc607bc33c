/**
 * The sample contact-center day sent through a local stack over HTTP, then read back through the
 * three interval routes, JSON and CSV, and compared with figures an independent reference
 * (`sample-day-reference.ts`, a plain walk over the NDJSON file) computes for every interval.
 */
import { sendPaced } from '../../../bin/cli/sender';
import type { LocalStack } from '../../../bin/local/stack';
import { sampleDay } from '../../../samples/sample-day';
import { startTestStack, waitUntilDrained } from '../../support/local-stack';
import { parseCsv } from './csv-reading';
import {
  type Grid,
  type ReferenceDay,
  referenceAgentRows,
  referenceDay,
  referenceQueueRows,
  referenceSegments,
} from './sample-day-reference';

let stack: LocalStack;
let reference: ReferenceDay;
const DATE = '2026-03-02';

beforeAll(async () => {
  stack = await startTestStack();
  const events = sampleDay();
  reference = referenceDay(events as Record<string, string>[]);
  const refused: number[] = [];
  await sendPaced(stack.endpoints, events, 400, 8, ({ status, index }) => {
    if (status !== 202) refused.push(index);
    return false;
  });
  expect(refused).toEqual([]);
  await waitUntilDrained(stack);
}, 300_000);
afterAll(() => stack.stop());

async function get(path: string, accept?: string) {
  const response = await fetch(`${stack.endpoints.apiUrl}${path}`, {
    headers: {
      authorization: `Bearer ${stack.endpoints.readToken}`,
      ...(accept === undefined ? {} : { accept }),
    },
  });
  const text = await response.text();
  return {
    status: response.status,
    type: response.headers.get('content-type'),
    text,
    json: () => JSON.parse(text),
  };
}

const utcDay: Grid = {
  startMs: Date.parse(`${DATE}T00:00:00Z`),
  endMs: Date.parse('2026-03-03T00:00:00Z'),
  minutes: 30,
};
// Chicago is at -06:00 in early March (its DST starts on the 8th).
const chicagoDay: Grid = {
  startMs: Date.parse(`${DATE}T06:00:00Z`),
  endMs: Date.parse('2026-03-03T06:00:00Z'),
  minutes: 15,
};

const withoutLocalStart = (rows: Record<string, unknown>[]) =>
  rows.map(({ localStart: _localStart, ...rest }) => rest);

describe('the sample day through the interval routes', () => {
  it('GET /v1/intervals/queues gives the reference figures for every queue and interval', async () => {
    const answer = await get(`/v1/intervals/queues?date=${DATE}&minutes=30&timeZone=UTC`);
    expect(answer.status).toBe(200);
    const body = answer.json();
    expect(body).toMatchObject({
      date: DATE,
      timeZone: 'UTC',
      start: '2026-03-02T00:00:00.000Z',
      end: '2026-03-03T00:00:00.000Z',
      minutes: 30,
      serviceLevelSeconds: 20,
    });
    // Four gates, one of them outbound; 48 half-hours each, zero rows included.
    expect(body.rows).toHaveLength(4 * 48);
    expect(withoutLocalStart(body.rows)).toEqual(referenceQueueRows(reference, utcDay));
    // A busy interval, spelled out: the reference and the routes agree on more than zeros.
    const busy = body.rows.filter((row: { offered: number }) => row.offered >= 5);
    expect(busy.length).toBeGreaterThan(10);
    expect(body.rows[0].localStart).toBe('2026-03-02T00:00:00+00:00');
  });

  it('takes the zone and the interval length: Chicago in quarter-hours, another service level', async () => {
    const answer = await get(
      `/v1/intervals/queues?date=${DATE}&minutes=15&timeZone=America/Chicago&serviceLevelSeconds=30`,
    );
    expect(answer.status).toBe(200);
    const { rows } = answer.json();
    expect(rows).toHaveLength(4 * 96);
    expect(withoutLocalStart(rows)).toEqual(referenceQueueRows(reference, chicagoDay, 30));
    expect(rows[0]).toMatchObject({
      intervalStart: '2026-03-02T06:00:00.000Z',
      localStart: '2026-03-02T00:00:00-06:00',
    });
  });

  it('GET /v1/intervals/agents gives every agent the reference seconds and handled calls', async () => {
    const answer = await get(`/v1/intervals/agents?date=${DATE}&minutes=30&timeZone=UTC`);
    expect(answer.status).toBe(200);
    const rows = answer.json().rows as Record<string, unknown>[];
    const expected = referenceAgentRows(reference, utcDay);
    expect(rows.map(({ localStart: _l, username: _u, ...rest }) => rest)).toEqual(expected);
    // Every agent of the file, the supervisor included, and every handled call.
    expect(new Set(rows.map((row) => row.agentId)).size).toBe(11);
    const handled = rows.reduce((sum, row) => sum + Number(row.callsHandled), 0);
    expect(handled).toBe(reference.engagements.size);
    expect(rows.every((row) => typeof row.username === 'string')).toBe(true);
  });

  it('GET /v1/segments lists the reference segments of the day', async () => {
    const answer = await get(`/v1/segments?date=${DATE}&timeZone=UTC`);
    expect(answer.status).toBe(200);
    const rows = answer.json().rows as Record<string, unknown>[];
    expect(rows.map(({ activity: _activity, ...rest }) => rest)).toEqual(
      referenceSegments(reference, utcDay),
    );
    const one = await get(`/v1/segments?date=${DATE}&timeZone=UTC&agentId=1369900`);
    const supervisor = one.json().rows as { agentId: string; activity: string }[];
    expect(supervisor.length).toBeGreaterThan(0);
    expect(supervisor.every((row) => row.agentId === '1369900')).toBe(true);
  });

  it.each([
    ['queues', '/v1/intervals/queues?minutes=30&'],
    ['agents', '/v1/intervals/agents?minutes=30&'],
    ['segments', '/v1/segments?'],
  ])('answers %s as CSV with the JSON rows, by format=csv or by Accept', async (_name, path) => {
    const json = (await get(`${path}date=${DATE}&timeZone=UTC`)).json().rows as Record<
      string,
      unknown
    >[];
    const byFormat = await get(`${path}date=${DATE}&timeZone=UTC&format=csv`);
    const byAccept = await get(`${path}date=${DATE}&timeZone=UTC`, 'text/csv');
    expect(byFormat.status).toBe(200);
    expect(byFormat.type).toBe('text/csv; charset=utf-8');
    expect(byAccept.text).toBe(byFormat.text);
    const [header, ...lines] = parseCsv(byFormat.text);
    expect(lines).toHaveLength(json.length);
    const columns = header as string[];
    lines.forEach((cells, index) => {
      const row = json[index] as Record<string, unknown>;
      columns.forEach((column, at) => {
        const value = row[column];
        const expected =
          value === undefined
            ? ''
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value);
        expect(cells[at]).toBe(expected);
      });
      // No field of the JSON row is missing from the columns.
      expect(Object.keys(row).every((name) => columns.includes(name))).toBe(true);
    });
  });
});
