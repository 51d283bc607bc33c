/**
 * What one contact-center day costs in DynamoDB on demand and with provisioned capacity and
 * auto scaling (`-c capacity=provisioned`), at any number of agents. A model, not a measurement:
 * its inputs are measured (the sample day's hourly curve, the write and read units per event
 * by table and index), the rest is stated here.
 *
 * - The day: the sample day's events per agent in each clock hour, times the agents. Contact
 *   centers repeat such a curve every day; outside it nothing is written.
 * - On demand: every write and read unit at its price.
 * - Provisioned: every table and every index has its own capacity. In each hour auto scaling
 *   holds it at the hour's busiest minute divided by the target utilization (70 %), never
 *   below the minimum nor above the maximum. The busiest minute of an hour of independent
 *   events is taken as the hour's mean plus three standard deviations (Poisson), so a small
 *   center's spikes count more than a large one's; burst capacity absorbs what is shorter.
 * - Reads: the store's own (its merges look items up) and one wallboard open while the center
 *   is open, reading every agent's session every 5 s (half a read unit each, eventually
 *   consistent, under 4 KB).
 */
import { CAPACITY_TARGET_UTILIZATION_PERCENT } from '../lib/config';
import { PRICES } from './cost';

/** us-east-1 list prices. */
export const CAPACITY_PRICES = {
  onDemandPerMillionWriteUnits: PRICES.dynamodbPerMillionWriteUnits,
  onDemandPerMillionReadUnits: PRICES.dynamodbPerMillionReadUnits,
  writeCapacityUnitHour: 0.00065,
  readCapacityUnitHour: 0.00013,
} as const;

/** The wallboard's poll interval (lambdas/read/board) and the read units per agent it reads. */
const BOARD_READ_SECONDS = 5;
const BOARD_READ_UNITS_PER_AGENT = 0.5;

export interface CapacityLimits {
  min: number;
  max: number;
}

export interface DayModel {
  /** Events per agent in each of the day's 24 clock hours. */
  eventsPerAgentByHour: readonly number[];
  /** Write and read units per event, by `table` or `table/index`. */
  writeUnitsPerEvent: Readonly<Record<string, number>>;
  readUnitsPerEvent: Readonly<Record<string, number>>;
  /** Every table and index, whether the day uses it or not: each has its own capacity. */
  resources: readonly string[];
  /** The table the wallboard reads (sessions). */
  boardTable: string;
  write: CapacityLimits;
  read: CapacityLimits;
}

export interface DayCost {
  agents: number;
  events: number;
  onDemandUsd: number;
  provisionedUsd: number;
}

/** Events per agent in each clock hour of `times` (epoch ms, one per event), for `agents`. */
export function eventsPerAgentByHour(times: readonly number[], agents: number): number[] {
  const hours = Array.from({ length: 24 }, () => 0);
  for (const time of times) {
    const hour = new Date(time).getUTCHours();
    hours[hour] = (hours[hour] ?? 0) + 1 / agents;
  }
  return hours;
}

/** Capacity units auto scaling holds through an hour in which `units` are consumed. */
export function provisionedUnits(units: number, limits: CapacityLimits): number {
  const perMinute = units / 60;
  const busiestMinute = perMinute + 3 * Math.sqrt(perMinute);
  const needed = Math.ceil(busiestMinute / 60 / (CAPACITY_TARGET_UTILIZATION_PERCENT / 100));
  return Math.min(limits.max, Math.max(limits.min, needed));
}

/** One day of `agents` agents, on demand and provisioned. */
export function dayCost(model: DayModel, agents: number): DayCost {
  let onDemandUsd = 0;
  let provisionedUsd = 0;
  let events = 0;
  for (const perAgent of model.eventsPerAgentByHour) {
    const hourEvents = perAgent * agents;
    events += hourEvents;
    const boardReads =
      hourEvents > 0 ? (3600 / BOARD_READ_SECONDS) * agents * BOARD_READ_UNITS_PER_AGENT : 0;
    for (const resource of model.resources) {
      const writes = hourEvents * (model.writeUnitsPerEvent[resource] ?? 0);
      const reads =
        hourEvents * (model.readUnitsPerEvent[resource] ?? 0) +
        (resource === model.boardTable ? boardReads : 0);
      onDemandUsd +=
        (writes / 1e6) * CAPACITY_PRICES.onDemandPerMillionWriteUnits +
        (reads / 1e6) * CAPACITY_PRICES.onDemandPerMillionReadUnits;
      provisionedUsd +=
        provisionedUnits(writes, model.write) * CAPACITY_PRICES.writeCapacityUnitHour +
        provisionedUnits(reads, model.read) * CAPACITY_PRICES.readCapacityUnitHour;
    }
  }
  return { agents, events, onDemandUsd, provisionedUsd };
}

/** The fewest agents (to within 1 %) from which provisioned capacity costs less, if any. */
export function breakEvenAgents(model: DayModel, upTo = 100_000): number | undefined {
  const cheaper = (agents: number) => {
    const cost = dayCost(model, agents);
    return cost.provisionedUsd < cost.onDemandUsd;
  };
  if (!cheaper(upTo)) return undefined;
  let low = 1;
  let high = upTo;
  while (high - low > Math.max(1, low / 100)) {
    const middle = Math.floor((low + high) / 2);
    if (cheaper(middle)) high = middle;
    else low = middle;
  }
  return high;
}
