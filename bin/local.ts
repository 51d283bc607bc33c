/**
 * `npm start`: the whole pipeline locally, no AWS account. Prints the URLs and the credentials,
 * writes them to .local/endpoints.json, and stops every child process on Ctrl-C. Tables (and
 * queued messages) persist in .local/ between runs unless --fresh.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, type Subscriber, subscribersFrom } from '../lib/config';
import { ENDPOINTS_FILE, LOCAL_DIR, type LocalEndpoints } from './cli/endpoints';
import { type NamedQueues, restoreQueues, saveQueues } from './local/queue-snapshot';
import { generatedCredential, type LocalCredential, startLocalStack } from './local/stack';

const SNAPSHOT_FILE = join(LOCAL_DIR, 'queued-messages.json');

/**
 * WEBHOOK_* and READ_TOKEN from the environment, else the previous run's credentials, else new
 * ones.
 */
function chooseCredential(fresh: boolean): LocalCredential {
  const previous =
    !fresh && existsSync(ENDPOINTS_FILE)
      ? (JSON.parse(readFileSync(ENDPOINTS_FILE, 'utf8')) as Partial<LocalEndpoints>)
      : undefined;
  const generated = generatedCredential();
  const fallback = { ...generated, ...previous };
  return {
    token: process.env.WEBHOOK_TOKEN || fallback.token,
    basicUser: process.env.WEBHOOK_USER || fallback.basicUser,
    basicPassword: process.env.WEBHOOK_PASSWORD || fallback.basicPassword,
    // A previous run may predate the read side: its file has no read token.
    readToken: process.env.READ_TOKEN || fallback.readToken || generated.readToken,
  };
}

/** The queues whose messages outlive a restart: the store's, and each subscriber's. */
function namedQueues({ sqs }: LocalEndpoints): NamedQueues {
  const named: NamedQueues = {
    eventsQueueUrl: sqs.eventsQueueUrl,
    quarantineQueueUrl: sqs.quarantineQueueUrl,
    dlqUrl: sqs.dlqUrl,
  };
  for (const [name, { queueUrl, dlqUrl }] of Object.entries(sqs.subscribers)) {
    named[`subscriber:${name}`] = queueUrl;
    named[`subscriber:${name}:dlq`] = dlqUrl;
  }
  return named;
}

function subscriberLines(subscribers: readonly Subscriber[]): string {
  if (subscribers.length === 0)
    return '  Subscribers      none (SUBSCRIBERS=\'[{"name":"calls","filter":{"kind":["call.ended"]}}]\')';
  return subscribers
    .map(
      ({ name, filter }, index) =>
        `  ${index === 0 ? 'Subscribers     ' : '                '} ${name} ${Object.keys(filter).length === 0 ? '(every event)' : JSON.stringify(filter)}`,
    )
    .join('\n');
}

function banner(endpoints: LocalEndpoints, subscribers: readonly Subscriber[], restored: number) {
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

  Wallboard        ${endpoints.boardUrl}
  Agents API       ${endpoints.apiUrl}/v1/agents
  Read token       ${endpoints.readToken}    (Authorization: Bearer ..., on the read routes only)

  SNS/SQS emulator ${endpoints.sqs.endpoint}   DynamoDB Local  ${endpoints.dynamodb.endpoint}
  Events topic     ${endpoints.sns.eventsTopicArn}
${subscriberLines(subscribers)}
  Written to       .local/endpoints.json${restored > 0 ? `\n  Restored         ${restored} queued message(s) from the last run` : ''}

Try:
  curl -s -X POST "${endpoints.apiUrl}/v1/agent-events?agent_id=1369310&prev_state=LOGIN&prev_aux_state=&external_agent_id=&duration=0&agent_login_id=612829048&account_id=15300002&event_type=AVAILABLE&event_aux_type=&date_time=2020-06-30%2019:44:01&pending_disp=0" -H "X-Webhook-Token: ${endpoints.token}"
  npm run send -- samples/contact-center-day.ndjson
  npm run inspect -- session 612829048
  npm run tail                                  (every event as it is published)
  curl -s ${endpoints.apiUrl}/v1/agents -H "Authorization: Bearer ${endpoints.readToken}"

Ctrl-C stops everything.
`;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  // Checked before anything starts, with the checks the CDK context gets.
  const subscribers = subscribersFrom(process.env.SUBSCRIBERS, 'SUBSCRIBERS');
  if (values.fresh) rmSync(LOCAL_DIR, { recursive: true, force: true });
  mkdirSync(LOCAL_DIR, { recursive: true });

  const stack = await startLocalStack({
    port: Number(process.env.PORT ?? 3000),
    dataDir: LOCAL_DIR,
    credential: chooseCredential(values.fresh),
    subscribers,
    env: {
      SOURCE_TIME_ZONE: process.env.SOURCE_TIME_ZONE ?? 'UTC',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
    },
  });
  const queues = namedQueues(stack.endpoints);
  const restored = await restoreQueues(stack.sqs, queues, SNAPSHOT_FILE);
  writeFileSync(ENDPOINTS_FILE, `${JSON.stringify(stack.endpoints, null, 2)}\n`);
  console.log(banner(stack.endpoints, subscribers, restored));

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
  const what = error instanceof ConfigError ? 'configuration error' : 'npm start failed';
  console.error(`${what}: ${error.message}`);
  process.exit(1);
});
