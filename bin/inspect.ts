/**
 * Prints what the store wrote, and what waits in the quarantine and the DLQ, as JSON for people
 * and scripts (`npm run inspect -- ...`):
 *   session <agentLoginId>                   one session
 *   states <agentLoginId> [--from] [--to]    its state timeline, in order
 *   calls [--queue <gateId> | --agent <agentId | accountId#agentId> [--account A]] [--from] [--to]
 *   quarantine | dlq                         the records waiting there, without taking them
 * Everything is printed (read page by page) unless --limit says otherwise. The local stack's
 * tables and queues by default (.local/endpoints.json); a deployed stack's with --table or
 * --queue-url and your AWS credentials.
 */
import {
  type AttributeValue,
  type DynamoDBClient,
  GetItemCommand,
  QueryCommand,
  type QueryCommandInput,
  ScanCommand,
  type ScanCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { Message } from '@aws-sdk/client-sqs';
import { DAY_MS } from '../lambdas/intervals/day-reads';
import { CallReader } from '../lambdas/platform/dynamodb/call-reader';
import { fromAttributeMap, toAttributeMap } from '../lambdas/platform/dynamodb/item-mapping';
import { indexOf, tables } from '../lambdas/platform/resources';
import {
  agentCallsByDay,
  CALLS_WITHOUT_DAY_NOTE,
  type CallAgent,
  WHOLE_TABLE_SCAN_NOTE,
} from './cli/agent-calls';
import { dynamodbFor, endStation } from './cli/aws';
import { flags, instant, runCommand, UsageError, wholeNumber } from './cli/command';
import { type LocalEndpoints, readLocalEndpoints } from './cli/endpoints';
import { queueMessages } from './cli/queue-messages';

const USAGE = `usage: npm run inspect -- session <agentLoginId>
       npm run inspect -- states <agentLoginId> [--from T] [--to T]
       npm run inspect -- calls [--queue <gateId> | --agent <agentId|accountId#agentId> [--account A]]
                                [--from T] [--to T]
       npm run inspect -- quarantine | dlq
Prints every item as JSON (page by page); --limit N prints the first N and says on stderr when
there were more. --from / --to: ISO-8601 times (2026-03-02T14:00:00Z, or a date), both included:
of each state change (states) or of the call's start (calls). --agent: the calls the agent
handled (with the agent id alone, in every account unless --account names one); with --from,
read day by day from the byDay index (a call stored before callDay was written is not found
until it changes), else by one scan of the whole calls table.
The local stack's tables and queues, or a deployed stack's with your AWS credentials:
--table NAME (the stack output SessionsTable, StatesTable or CallsTable) and
--queue-url URL (QuarantineQueueUrl or DlqUrl).`;

type Row = Record<string, AttributeValue>;

interface Page {
  Items?: Row[];
  LastEvaluatedKey?: Row;
}

/** Every row of a query or scan, page by page, up to `limit` (and whether there were more). */
async function readAll(
  read: (startKey: Row | undefined) => Promise<Page>,
  limit: number,
): Promise<{ rows: Row[]; more: boolean }> {
  const rows: Row[] = [];
  let startKey: Row | undefined;
  do {
    const page = await read(startKey);
    rows.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined && rows.length <= limit);
  return { rows: rows.slice(0, limit), more: rows.length > limit || startKey !== undefined };
}

function query(db: DynamoDBClient, input: QueryCommandInput, limit: number) {
  return readAll(
    (startKey) => db.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
    limit,
  );
}

function scan(db: DynamoDBClient, input: ScanCommandInput, limit: number) {
  return readAll(
    (startKey) => db.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey })),
    limit,
  );
}

/**
 * A key condition on a sort key that starts with an ISO time: `from` and `to` both included
 * (`suffix` makes `to` cover every key written at that instant).
 */
function timeRange(
  sortKey: string,
  from: string | undefined,
  to: string | undefined,
  suffix = '',
): { condition: string; names: Record<string, string>; values: Row } | undefined {
  const names = { '#time': sortKey };
  const upTo = `${to}${suffix}`;
  if (from !== undefined && to !== undefined) {
    return {
      condition: '#time BETWEEN :from AND :to',
      names,
      values: { ':from': { S: from }, ':to': { S: upTo } },
    };
  }
  if (from !== undefined)
    return { condition: '#time >= :from', names, values: { ':from': { S: from } } };
  if (to !== undefined) return { condition: '#time <= :to', names, values: { ':to': { S: upTo } } };
  return undefined;
}

interface Options {
  limit: number;
  from?: string;
  to?: string;
}

async function states(db: DynamoDBClient, table: string, loginId: string, options: Options) {
  // timelineKey = `${occurredAt}#${sequence}#${eventId}`: '~' sorts after every such suffix.
  const range = timeRange(tables.states.sortKey.name, options.from, options.to, '#~');
  return query(
    db,
    {
      TableName: table,
      KeyConditionExpression: `#pk = :key${range === undefined ? '' : ` AND ${range.condition}`}`,
      ExpressionAttributeNames: { '#pk': tables.states.partitionKey.name, ...range?.names },
      ExpressionAttributeValues: { ':key': { S: loginId }, ...range?.values },
    },
    options.limit,
  );
}

async function queueCalls(db: DynamoDBClient, table: string, gateId: string, options: Options) {
  const index = indexOf('calls', 'byQueue');
  const range = timeRange(index.sortKey.name, options.from, options.to);
  return query(
    db,
    {
      TableName: table,
      IndexName: index.indexName,
      KeyConditionExpression: `#pk = :value${range === undefined ? '' : ` AND ${range.condition}`}`,
      ExpressionAttributeNames: { '#pk': index.partitionKey.name, ...range?.names },
      ExpressionAttributeValues: { ':value': { S: gateId }, ...range?.values },
    },
    options.limit,
  );
}

/**
 * The calls an agent handled, by `callStart`, up to --limit. With --from, day by day from the
 * `byDay` index (agentCallsByDay): one Query per day (a request per 1 MB of its index entries)
 * and one BatchGetItem per 100 of its calls, only one day's calls in memory at a time. Without
 * --from, one Scan of the whole calls table that DynamoDB filters (a request per 1 MB of the
 * table), which keeps only the agent's calls. Each way says on stderr what it cannot see or costs.
 */
async function agentCalls(
  db: DynamoDBClient,
  table: string,
  agent: CallAgent,
  options: Options,
): Promise<{ rows: Row[]; more: boolean }> {
  if (options.from !== undefined) {
    console.error(CALLS_WITHOUT_DAY_NOTE);
    const through = options.to ?? new Date(Date.now() + DAY_MS).toISOString();
    const { rows, more } = await agentCallsByDay(
      new CallReader(db, table),
      agent,
      { from: options.from, through },
      options.limit,
    );
    return { rows: rows.map(toAttributeMap), more };
  }
  console.error(WHOLE_TABLE_SCAN_NOTE);
  return scanCalls(db, table, { to: options.to }, options.limit, {
    conditions: [
      'agentId = :agent',
      ...(agent.accountId === undefined ? [] : ['accountId = :account']),
    ],
    values: {
      ':agent': { S: agent.agentId },
      ...(agent.accountId === undefined ? {} : { ':account': { S: agent.accountId } }),
    },
  });
}

/**
 * The first `limit` by start of the calls with `from <= callStart <= to` that meet `filter`'s
 * conditions, by one scan of the whole table: every match is read (a scan comes in no order).
 */
async function scanCalls(
  db: DynamoDBClient,
  table: string,
  range: { from?: string; to?: string },
  limit: number,
  filter: { conditions: string[]; values: Row } = { conditions: [], values: {} },
) {
  const time = timeRange('callStart', range.from, range.to);
  const conditions = [...filter.conditions, ...(time === undefined ? [] : [time.condition])];
  const { rows } = await scan(
    db,
    {
      TableName: table,
      FilterExpression: conditions.length === 0 ? undefined : conditions.join(' AND '),
      ExpressionAttributeNames: time?.names,
      ExpressionAttributeValues:
        conditions.length === 0 ? undefined : { ...filter.values, ...time?.values },
    },
    Number.MAX_SAFE_INTEGER,
  );
  return firstByStart(rows, limit);
}

async function calls(
  db: DynamoDBClient,
  table: string,
  values: { queue?: string; agent?: string; account?: string },
  options: Options,
) {
  if (values.queue !== undefined) return queueCalls(db, table, values.queue, options);
  if (values.agent !== undefined) {
    const [accountId, agentId] = values.agent.includes('#')
      ? (values.agent.split('#', 2) as [string, string])
      : [values.account, values.agent];
    const found = await agentCalls(db, table, { agentId, accountId }, options);
    const accounts = [...new Set(found.rows.map((row) => row.accountId?.S ?? ''))].sort();
    if (accountId === undefined && accounts.length > 1) {
      console.error(`agent ${agentId} has calls in accounts ${accounts.join(', ')}: all shown`);
    }
    return found;
  }
  return scanCalls(db, table, options, options.limit);
}

/** The first `limit` of these calls by `callStart`, and whether there were more. */
function firstByStart(rows: Row[], limit: number) {
  const sorted = rows.sort((a, b) => (a.callStart?.S ?? '').localeCompare(b.callStart?.S ?? ''));
  return { rows: sorted.slice(0, limit), more: sorted.length > limit };
}

/** The messages waiting in a queue, each with when it was sent and how often it was received. */
async function waiting(
  which: 'quarantine' | 'dlq',
  queueUrlFlag: string | undefined,
  limit: number,
) {
  const { sqs, queueUrl } = await endStation(which, queueUrlFlag);
  const what = which === 'quarantine' ? 'record' : 'envelope';
  // Hidden only while the listing runs, then visible again at once.
  const queue = queueMessages(sqs, queueUrl, 60);
  const listed: Record<string, unknown>[] = [];
  let more = false;
  try {
    for await (const message of queue.each()) {
      if (listed.length === limit) {
        more = true;
        break;
      }
      listed.push(described(message, what));
    }
  } finally {
    await queue.releaseAll();
    sqs.destroy();
  }
  return { listed, more };
}

function described(message: Message, what: 'record' | 'envelope'): Record<string, unknown> {
  let body: unknown = message.Body;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    // Not JSON: shown as the text it is.
  }
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    messageId: message.MessageId,
    sentAt: Number.isNaN(sent) ? undefined : new Date(sent).toISOString(),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
    [what]: body,
  };
}

function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

function sayIfCut(more: boolean, limit: number): void {
  if (more)
    console.error(
      `(the first ${limit} shown; there are more: raise --limit, or leave it out for all)`,
    );
}

async function main(): Promise<number> {
  const { values, positionals } = flags({
    allowPositionals: true,
    options: {
      queue: { type: 'string' },
      agent: { type: 'string' },
      account: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      table: { type: 'string' },
      'queue-url': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const [what, key, ...extra] = positionals;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
  const options: Options = {
    limit:
      values.limit === undefined ? Number.MAX_SAFE_INTEGER : wholeNumber(values.limit, 'limit'),
    from: values.from === undefined ? undefined : instant(values.from, 'from'),
    to: values.to === undefined ? undefined : instant(values.to, 'to'),
  };
  if (options.from !== undefined && options.to !== undefined && options.from > options.to) {
    throw new UsageError(`--from (${options.from}) is after --to (${options.to})`);
  }

  if (what === 'quarantine' || what === 'dlq') {
    const { listed, more } = await waiting(what, values['queue-url'], options.limit);
    printJson(listed);
    sayIfCut(more, options.limit);
    return 0;
  }

  const tableOf = (local: LocalEndpoints | undefined, name: 'sessions' | 'states' | 'calls') =>
    values.table ?? local?.dynamodb.tables[name] ?? '';
  const local = values.table === undefined ? readLocalEndpoints() : undefined;
  const needsKey = what === 'session' || what === 'states';
  if (needsKey && key === undefined) throw new UsageError(`${what} needs an agent login id`);
  if (!['session', 'states', 'calls'].includes(what ?? '')) {
    throw new UsageError(what === undefined ? 'what to inspect?' : `cannot inspect "${what}"`);
  }
  const db = await dynamodbFor(local?.dynamodb.endpoint);
  try {
    if (what === 'session') {
      const { Item } = await db.send(
        new GetItemCommand({
          TableName: tableOf(local, 'sessions'),
          Key: { [tables.sessions.partitionKey.name]: { S: key as string } },
          ConsistentRead: true,
        }),
      );
      if (Item === undefined) {
        console.error(`no session ${key}`);
        return 1;
      }
      printJson(fromAttributeMap(Item));
      return 0;
    }
    const { rows, more } =
      what === 'states'
        ? await states(db, tableOf(local, 'states'), key as string, options)
        : await calls(db, tableOf(local, 'calls'), values, options);
    printJson(rows.map(fromAttributeMap));
    sayIfCut(more, options.limit);
    return 0;
  } finally {
    db.destroy();
  }
}

runCommand('npm run inspect', main, USAGE);
