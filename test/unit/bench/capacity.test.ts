import {
  breakEvenAgents,
  CAPACITY_PRICES,
  type DayModel,
  dayCost,
  eventsPerAgentByHour,
  provisionedUnits,
} from '../../../bench/capacity';

const limits = { min: 1, max: 1000 };

/** Ten events per agent in each of 9 opening hours; one write unit per event on one table. */
const model: DayModel = {
  eventsPerAgentByHour: Array.from({ length: 24 }, (_, hour) => (hour >= 8 && hour < 17 ? 10 : 0)),
  writeUnitsPerEvent: { states: 1 },
  readUnitsPerEvent: {},
  resources: ['states', 'sessions'],
  boardTable: 'sessions',
  write: limits,
  read: limits,
};

describe('the day curve', () => {
  it('counts events per agent in each clock hour', () => {
    const at = (hour: number) => Date.UTC(2026, 2, 2, hour, 30);
    const hours = eventsPerAgentByHour([at(8), at(8), at(9), at(23)], 2);
    expect(hours).toHaveLength(24);
    expect(hours[8]).toBe(1);
    expect(hours[9]).toBe(0.5);
    expect(hours[23]).toBe(0.5);
    expect(hours[12]).toBe(0);
  });
});

describe('provisioned capacity in an hour', () => {
  it('is the minimum when nothing is consumed', () => {
    expect(provisionedUnits(0, { min: 5, max: 100 })).toBe(5);
  });

  it('covers the busiest minute (mean + 3 sd) at 70 % of capacity', () => {
    // 36,000 units an hour: 600 a minute, busiest 600 + 3 * sqrt(600) = 673.5, 11.22 a second,
    // which is 70 % of 16.03 units: 17.
    expect(provisionedUnits(36_000, limits)).toBe(17);
  });

  it('never goes above the maximum', () => {
    expect(provisionedUnits(1e9, { min: 1, max: 50 })).toBe(50);
  });
});

describe('a day on demand and provisioned', () => {
  it('prices every unit on demand, and every unit-hour of every table and index provisioned', () => {
    const agents = 100;
    const cost = dayCost(model, agents);
    expect(cost.events).toBe(100 * 10 * 9);
    const writes = cost.events;
    // The board reads every agent's session every 5 s while the center is open, 0.5 unit each.
    const boardReads = 9 * 720 * agents * 0.5;
    expect(cost.onDemandUsd).toBeCloseTo(
      (writes / 1e6) * CAPACITY_PRICES.onDemandPerMillionWriteUnits +
        (boardReads / 1e6) * CAPACITY_PRICES.onDemandPerMillionReadUnits,
      9,
    );
    const perHourWrites = provisionedUnits(1000, limits);
    const perHourBoard = provisionedUnits(720 * agents * 0.5, limits);
    expect(cost.provisionedUsd).toBeCloseTo(
      // states: written in opening hours, the minimum otherwise; read at the minimum all day.
      (9 * perHourWrites + 15) * CAPACITY_PRICES.writeCapacityUnitHour +
        24 * CAPACITY_PRICES.readCapacityUnitHour +
        // sessions: the minimum write all day, the board's reads in opening hours.
        24 * CAPACITY_PRICES.writeCapacityUnitHour +
        (9 * perHourBoard + 15) * CAPACITY_PRICES.readCapacityUnitHour,
      9,
    );
  });

  it('finds where provisioned capacity gets cheaper: small centers pay for the minimum all day', () => {
    const breakEven = breakEvenAgents(model) as number;
    expect(breakEven).toBeGreaterThan(1);
    const below = dayCost(model, Math.floor(breakEven * 0.9));
    const above = dayCost(model, Math.ceil(breakEven * 1.1));
    expect(below.provisionedUsd).toBeGreaterThan(below.onDemandUsd);
    expect(above.provisionedUsd).toBeLessThan(above.onDemandUsd);
  });

  it('has no break-even when the minimum is never paid back', () => {
    expect(
      breakEvenAgents({ ...model, write: { min: 40_000, max: 40_000 } }, 1000),
    ).toBeUndefined();
  });
});
