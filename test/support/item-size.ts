import type { Item, ItemValue } from '../../lambdas/items/item';

/**
 * An item's size as DynamoDB bills it (each started KiB of the larger of the old and new item
 * is one write unit): names and text in UTF-8 bytes, numbers about one byte per two digits plus
 * one, booleans one byte, lists and maps three bytes plus one per element.
 */
export function itemSizeBytes(item: Item): number {
  let bytes = 0;
  for (const [name, value] of Object.entries(item)) {
    bytes += Buffer.byteLength(name) + valueSize(value);
  }
  return bytes;
}

function valueSize(value: ItemValue): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') {
    const digits = String(Math.abs(value)).replace('.', '').replace(/^0+/, '').length;
    return Math.ceil(digits / 2) + 1;
  }
  if (typeof value === 'boolean') return 1;
  if (Array.isArray(value)) {
    return 3 + value.reduce((sum: number, text: string) => sum + Buffer.byteLength(text) + 1, 0);
  }
  return 3 + itemSizeBytes(value as Item) + Object.keys(value).length;
}
