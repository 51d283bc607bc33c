import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The store's items as plain values. Only the shapes the store writes exist: text, numbers,
 * booleans, lists of text and nested maps; an absent attribute is simply not a key.
 */
export type ItemValue = string | number | boolean | readonly string[] | Item;
export interface Item {
  readonly [name: string]: ItemValue;
}

export function toAttributeValue(value: ItemValue): AttributeValue {
  if (typeof value === 'string') return { S: value };
  if (typeof value === 'number') return { N: String(value) };
  if (typeof value === 'boolean') return { BOOL: value };
  if (isTextList(value)) return { L: value.map((text) => ({ S: text })) };
  return { M: toAttributeMap(value) };
}

export function toAttributeMap(item: Item): Record<string, AttributeValue> {
  return Object.fromEntries(
    Object.entries(item).map(([name, value]) => [name, toAttributeValue(value)]),
  );
}

/** Reads back what `toAttributeMap` wrote; attribute types the store never writes are dropped. */
export function fromAttributeMap(attributes: Record<string, AttributeValue>): Item {
  const entries: [string, ItemValue][] = [];
  for (const [name, attribute] of Object.entries(attributes)) {
    const value = fromAttributeValue(attribute);
    if (value !== undefined) entries.push([name, value]);
  }
  return Object.fromEntries(entries);
}

function fromAttributeValue(attribute: AttributeValue): ItemValue | undefined {
  if (attribute.S !== undefined) return attribute.S;
  if (attribute.N !== undefined) return Number(attribute.N);
  if (attribute.BOOL !== undefined) return attribute.BOOL;
  if (attribute.L !== undefined) {
    return attribute.L.flatMap((entry) => (entry.S === undefined ? [] : [entry.S]));
  }
  if (attribute.M !== undefined) return fromAttributeMap(attribute.M);
  return undefined;
}

function isTextList(value: ItemValue): value is readonly string[] {
  return Array.isArray(value);
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
