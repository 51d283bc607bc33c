/**
 * The interval routes on a generated day (`npm run sample -- --agents 200`'s day, built by the
 * store's rules and batch-written: test/support/generated-day-tables.ts) in DynamoDB Local:
 * the three routes answered by the read function's router, one after the other, `reads` times.
 * `dayMs` is the median time of the three together; the DynamoDB requests of each route are
 * counted from the SDK. Loading the day takes minutes here, so `--quick` leaves it out.
 */
import { startGeneratedDay } from '../test/support/generated-day-tables';
import { countedRead, readRouterOn } from '../test/support/read-router';
import { RequestLog } from '../test/support/request-log';
import { median } from './stats';

export interface IntervalsFigures {
  agents: number;
  events: number;
  calls: number;
  reads: number;
  /** Median over the reads of the three routes' times added up. */
  dayMs: number;
  routeMs: Record<string, number>;
  requests: Record<string, Record<string, number>>;
}

const TOKEN = 'bench-intervals-read-token';

export async function measureIntervalsDay(agents = 200, reads = 3): Promise<IntervalsFigures> {
  const { client, names, day, stop } = await startGeneratedDay({ agents });
  try {
    const log = new RequestLog(client);
    const route = readRouterOn(client, names, TOKEN);
    const routes = {
      queues: ['/v1/intervals/queues', `date=${day.date}&minutes=30`],
      agents: ['/v1/intervals/agents', `date=${day.date}&minutes=30`],
      segments: ['/v1/segments', `date=${day.date}`],
    } as const;
    const times: Record<string, number[]> = { queues: [], agents: [], segments: [] };
    const requests: Record<string, Record<string, number>> = {};
    for (let read = 0; read < reads; read++) {
      for (const [name, [path, query]] of Object.entries(routes)) {
        const { response, requests: sent, ms } = await countedRead(route, log, TOKEN, path, query);
        times[name]?.push(ms);
        if (response.statusCode !== 200) throw new Error(`${path} answered ${response.statusCode}`);
        requests[name] = sent;
      }
    }
    const sums = Array.from({ length: reads }, (_, read) =>
      Object.values(times).reduce((sum, list) => sum + (list[read] ?? 0), 0),
    );
    return {
      agents,
      events: day.events,
      calls: day.items.calls,
      reads,
      dayMs: Number(median(sums).toFixed(0)),
      routeMs: Object.fromEntries(
        Object.entries(times).map(([name, list]) => [name, Number(median(list).toFixed(0))]),
      ),
      requests,
    };
  } finally {
    await stop();
  }
}

if (require.main === module) {
  measureIntervalsDay(Number(process.argv[2] ?? 200), Number(process.argv[3] ?? 3)).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
