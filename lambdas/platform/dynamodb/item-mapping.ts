import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item, ItemValue } from '../../items/item';

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
