import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Envelope } from '../../lambdas/events';
import type { Item } from '../../lambdas/items/item';
import { envelopeOf } from './contract';
import { vendorEvent } from './vendor-fixtures';

const STORE_FIXTURES = join(__dirname, '..', 'fixtures', 'store');

export interface Scenario {
  readonly description: string;
  /** By name, as envelopes through the real contract. */
  readonly events: Readonly<Record<string, Envelope>>;
  readonly expected: Readonly<Record<string, Item>>;
}

/** A store scenario from `test/fixtures/store/<name>.json`: vendor fields plus expected items. */
export function scenario(name: string): Scenario {
  const { description, events, ...expected } = JSON.parse(
    readFileSync(join(STORE_FIXTURES, `${name}.json`), 'utf8'),
  ) as { description: string; events: Record<string, Record<string, unknown>> };
  return {
    description,
    events: Object.fromEntries(
      Object.entries(events).map(([eventName, fields]) => [eventName, envelopeOf(fields)]),
    ),
    expected: expected as Record<string, Item>,
  };
}

/** The vendor's four state events of login session 612829048, as envelopes. */
export function vendorStateEvents(): Envelope[] {
  return [
    'state-1-login-to-available',
    'state-2-available-aux',
    'state-3-transition',
    'state-4-engaged',
  ].map((name) => envelopeOf(vendorEvent(name)));
}

/** All orders of a short list (the vendor's four events have 24). */
export function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [
      item,
      ...rest,
    ]),
  );
}
