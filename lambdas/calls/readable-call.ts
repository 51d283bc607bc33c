import type { Item, ItemValue } from '../items/item';
import { callItemOf } from './call-item';
import { contributionsOfItem } from './call-item-reading';

/**
 * A call record as the read API shows it: the attributes of the read contract (docs/tables.md,
 * calls) in today's shape, whatever shape the item was stored in (an item last written by
 * version 0.1, with its `monitoredBy` list and `engagements` map, reads as today's `monitoredBy`
 * map), without the internal bookkeeping: attributes named `*Key` (inside `monitoredBy` too),
 * `callDay` (the `byDay` index's key, the UTC
 * day of `callStart`) and `version`. The rest is rebuilt from the
 * item's contributions with the rules that built it, so both shapes answer alike.
 */
export function readableCallOf(item: Item): Item {
  // The version is dropped with the rest of the bookkeeping: no need to hash the call for it.
  return withoutBookkeeping(callItemOf(contributionsOfItem(item), ''));
}

function withoutBookkeeping(item: Item): Item {
  const kept: Record<string, ItemValue> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.endsWith('Key') || name === 'version' || name === 'callDay') continue;
    kept[name] = isMap(value) ? withoutBookkeeping(value) : value;
  }
  return kept;
}

function isMap(value: ItemValue): value is Item {
  return typeof value === 'object' && !Array.isArray(value);
}
