import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** What `npm start` writes to `.local/endpoints.json` for people and tools. */
export interface LocalEndpoints {
  apiUrl: string;
  token: string;
  basicUser: string;
  basicPassword: string;
  /** The read side's token: `Authorization: Bearer <readToken>` on the read routes. */
  readToken: string;
  /** The wallboard page (it asks for the read token). */
  boardUrl: string;
  /** The topics (on the same emulator as SQS locally); the quarantine topic feeds its queue. */
  sns: { endpoint: string; eventsTopicArn: string; quarantineTopicArn: string };
  sqs: {
    endpoint: string;
    /** The store's own queue, fed by the topic. */
    eventsQueueUrl: string;
    quarantineQueueUrl: string;
    dlqUrl: string;
    /** Each subscriber's queue and DLQ, by name (`SUBSCRIBERS`). */
    subscribers: Record<string, { queueUrl: string; dlqUrl: string }>;
  };
  dynamodb: { endpoint: string; tables: { sessions: string; states: string; calls: string } };
}

export const LOCAL_DIR = join(__dirname, '..', '..', '.local');
export const ENDPOINTS_FILE = join(LOCAL_DIR, 'endpoints.json');

/** The running local stack's endpoints; a clear message when `npm start` has not run. */
export function readLocalEndpoints(file = ENDPOINTS_FILE): LocalEndpoints {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as LocalEndpoints;
  } catch {
    throw new Error(`${file} not found: start the local stack with \`npm start\` first`);
  }
}
