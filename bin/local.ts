/**
 * `npm start`: the whole pipeline locally, no AWS account. Prints the URLs and the credential,
 * writes them to .local/endpoints.json, and stops every child process on Ctrl-C. Tables (and
 * queued messages) persist in .local/ between runs unless --fresh.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENDPOINTS_FILE, LOCAL_DIR, type LocalEndpoints } from './cli/endpoints';
import { restoreQueues, saveQueues } from './local/queue-snapshot';
import { generatedCredential, type LocalCredential, startLocalStack } from './local/stack';

const SNAPSHOT_FILE = join(LOCAL_DIR, 'queued-messages.json');

/** WEBHOOK_* from the environment, else the previous run's credential, else a new one. */
function chooseCredential(fresh: boolean): LocalCredential {
  const previous =
    !fresh && existsSync(ENDPOINTS_FILE)
      ? (JSON.parse(readFileSync(ENDPOINTS_FILE, 'utf8')) as LocalEndpoints)
      : undefined;
  const fallback = previous ?? generatedCredential();
  return {
    token: process.env.WEBHOOK_TOKEN || fallback.token,
    basicUser: process.env.WEBHOOK_USER || fallback.basicUser,
    basicPassword: process.env.WEBHOOK_PASSWORD || fallback.basicPassword,
  };
}

function banner(endpoints: LocalEndpoints, restored: number): string {
  const basic = Buffer.from(`${endpoints.basicUser}:${endpoints.basicPassword}`).toString('base64');
  return `
engage-wfm-forwarder is running locally (no AWS account involved)

  Agent Event URL  ${endpoints.apiUrl}/v1/agent-events
  Call Event URL   ${endpoints.apiUrl}/v1/call-events
  Health           ${endpoints.apiUrl}/v1/health

  Credential (any one of):
    X-Webhook-Token: ${endpoints.token}
    Authorization: Bearer ${endpoints.token}
    Authorization: Basic ${basic}    (${endpoints.basicUser} / ${endpoints.basicPassword})

  SQS emulator     ${endpoints.sqs.endpoint}   DynamoDB Local  ${endpoints.dynamodb.endpoint}
  Written to       .local/endpoints.json${restored > 0 ? `\n  Restored         ${restored} queued message(s) from the last run` : ''}

Try:
  curl -s -X POST "${endpoints.apiUrl}/v1/agent-events?agent_id=1369310&prev_state=LOGIN&prev_aux_state=&external_agent_id=&duration=0&agent_login_id=612829048&account_id=15300002&event_type=AVAILABLE&event_aux_type=&date_time=2020-06-30%2019:44:01&pending_disp=0" -H "X-Webhook-Token: ${endpoints.token}"
  npm run send -- samples/contact-center-day.ndjson
  npm run inspect -- session 612829048

Ctrl-C stops everything.
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  if (values.fresh) rmSync(LOCAL_DIR, { recursive: true, force: true });
  mkdirSync(LOCAL_DIR, { recursive: true });

  const stack = await startLocalStack({
    port: Number(process.env.PORT ?? 3000),
    dataDir: LOCAL_DIR,
    credential: chooseCredential(values.fresh),
    env: {
      SOURCE_TIME_ZONE: process.env.SOURCE_TIME_ZONE ?? 'UTC',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    },
  });
  const queues = {
    eventsQueueUrl: stack.endpoints.sqs.eventsQueueUrl,
    quarantineQueueUrl: stack.endpoints.sqs.quarantineQueueUrl,
    dlqUrl: stack.endpoints.sqs.dlqUrl,
  };
  const restored = await restoreQueues(stack.sqs, queues, SNAPSHOT_FILE);
  writeFileSync(ENDPOINTS_FILE, `${JSON.stringify(stack.endpoints, null, 2)}\n`);
  console.log(banner(stack.endpoints, restored));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping: saving queued messages, stopping the emulators ...');
    await stack.api.close();
    await stack.poller.stop();
    try {
      const saved = await saveQueues(stack.sqs, queues, SNAPSHOT_FILE);
      console.log(`saved queued messages ${JSON.stringify(saved)}; tables kept in .local/`);
    } catch (error) {
      console.error(`could not save queued messages: ${(error as Error).message}`);
    }
    await stack.emulators.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((error: Error) => {
  console.error(`npm start failed: ${error.message}`);
  process.exit(1);
});
