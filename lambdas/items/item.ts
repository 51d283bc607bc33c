/**
 * Stored items as plain values: what the domain rules build and read back. Only the shapes the
 * store writes exist: text, numbers, booleans, lists of text and nested maps; an absent
 * attribute is simply not a key. platform/dynamodb maps them to and from DynamoDB.
 */
export type ItemValue = string | number | boolean | readonly string[] | Item;
export interface Item {
  readonly [name: string]: ItemValue;
}

/** The text attribute `name`, or undefined when absent or of another type. */
export function textOf(item: Item, name: string): string | undefined {
  const value = item[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberOf(item: Item, name: string): number | undefined {
  const value = item[name];
  return typeof value === 'number' ? value : undefined;
}

export function mapOf(item: Item, name: string): Item | undefined {
  const value = item[name];
  return typeof value === 'object' && !Array.isArray(value) ? (value as Item) : undefined;
}

/** Drops undefined members so that missing attributes stay absent. */
export function definedOnly(values: Readonly<Record<string, ItemValue | undefined>>): Item {
  const entries: [string, ItemValue][] = [];
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}
