import { dynamodb } from '../platform/dynamodb/client';
import { storeConfigFromEnv } from './config';
import { createStoreConsumer } from './consumer';

/** Events queue -> sessions, states and calls tables. */
export const handler = createStoreConsumer(storeConfigFromEnv(dynamodb));
