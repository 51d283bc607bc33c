import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { clientOptions } from '../client-options';

/** Created once per process and reused by every invocation. */
export const dynamodb = new DynamoDBClient(clientOptions);
