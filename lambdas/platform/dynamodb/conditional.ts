import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Item } from '../../items/item';
import { fromAttributeMap } from './item-mapping';

/**
 * The item a failed conditional write met (requested with
 * `ReturnValuesOnConditionCheckFailure: 'ALL_OLD'`), or undefined when `error` is any other error.
 * A failed condition is an answer, not a fault: the caller decides from the item what is left to do.
 */
export function itemBehindFailedCondition(error: unknown): Item | undefined {
  if (!(error instanceof ConditionalCheckFailedException)) return undefined;
  return fromAttributeMap(error.Item ?? {});
}
