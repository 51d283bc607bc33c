import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { convertToAttr, marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { Item, ItemValue } from '../../items/item';

/**
 * Items to and from DynamoDB's attribute values, with the SDK's own mapping (text S, numbers N,
 * booleans BOOL, lists L, maps M). An undefined member is left out: absent, never null.
 */
const OPTIONS = { removeUndefinedValues: true } as const;

export function toAttributeMap(item: Item): Record<string, AttributeValue> {
  return marshall(item, OPTIONS);
}

/** One value, for an expression's placeholders. */
export function toAttributeValue(value: ItemValue): AttributeValue {
  return convertToAttr(value, OPTIONS);
}

export function fromAttributeMap(attributes: Record<string, AttributeValue>): Item {
  return unmarshall(attributes) as Item;
}
