/**
 * `npm start`: the whole pipeline locally, no AWS account. Prints the URLs and the credentials,
 * writes them to .local/endpoints.json, and stops every child process on Ctrl-C. Tables (and
 * queued messages) persist in .local/ between runs unless --fresh.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RECONCILE_MINUTES } from '../lambdas/housekeeping/config';
import { SUBSCRIPTION_ROUTE } from '../lambdas/ingest/subscription';
import { intFromEnv } from '../lambdas/platform/env';
import { ringCxCredentialsOf } from '../lambdas/platform/ringcx/ringcx-credentials';
import { ConfigError, type Subscriber, subscribersFrom } from '../lib/config';
import { ENDPOINTS_FILE, LOCAL_DIR, type LocalEndpoints } from './cli/endpoints';
import { type NamedQueues, restoreQueues, saveQueues } from './local/queue-snapshot';
import { localCredential, startLocalStack } from './local/stack';
import { AlreadyRunning, acquireStartLock } from './local/start-lock';

const SNAPSHOT_FILE = join(LOCAL_DIR, 'queued-messages.json');
/** Held by the running `npm start` (its pid): a second one is refused. */
const LOCK_FILE = join(LOCAL_DIR, 'npm-start.lock');

/**
 * The previous run's credentials (kept unless --fresh), so the sender's header and the boards'
 * read token stay valid; a run that predates the read side has no read token.
 */
function previousCredentials(fresh: boolean): Partial<LocalEndpoints> {
  if (fresh || !existsSync(ENDPOINTS_FILE)) return {};
  return JSON.parse(readFileSync(ENDPOINTS_FILE, 'utf8')) as Partial<LocalEndpoints>;
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
  Subscription URL ${endpoints.apiUrl}${SUBSCRIPTION_ROUTE}    (RingCX agent-state subscriptions)
  Health           ${endpoints.apiUrl}/v1/health

  Credential (any one of):
    X-Webhook-Token: ${endpoints.token}
    Authorization: Bearer ${endpoints.token}
    Authorization: Basic ${basic}    (curl -u ${endpoints.basicUser}:${endpoints.basicPassword})

  Wallboard        ${endpoints.boardUrl}
  Agents API       ${endpoints.apiUrl}/v1/agents
  Read token       ${endpoints.readToken}    (Authorization: Bearer ..., on the read routes only)

  SNS/SQS emulator ${endpoints.sqs.endpoint}   DynamoDB Local  ${endpoints.dynamodb.endpoint}
  Events topic     ${endpoints.sns.eventsTopicArn}
${subscriberLines(subscribers)}
  Written to       .local/endpoints.json${restored > 0 ? `\n  Restored         ${restored} queued message(s) from the last run` : ''}

Try:
  curl -s -X POST "${endpoints.apiUrl}/v1/agent-events?agent_id=1399001&prev_state=LOGIN&prev_aux_state=&external_agent_id=&duration=0&agent_login_id=700000101&account_id=15300002&event_type=AVAILABLE&event_aux_type=&date_time=2020-06-30%2019:44:01&pending_disp=0" -u "${endpoints.basicUser}:${endpoints.basicPassword}"
  npm run inspect -- session 700000101
  npm run send -- samples/contact-center-day.ndjson --wait
  npm run inspect -- session 612829048
  npm run tail                                  (every event as it is published)
  curl -s ${endpoints.apiUrl}/v1/agents -H "Authorization: Bearer ${endpoints.readToken}"

Ctrl-C stops everything.
`;
}

/**
 * Minutes between reconciliations when RINGCX_CREDENTIALS is set (RECONCILE_MINUTES, default as
 * deployed); none without it. The credentials are checked now, as the function will read them.
 */
function reconcileMinutesOf(env: NodeJS.ProcessEnv): number | undefined {
  if (!env.RINGCX_CREDENTIALS) return undefined;
  ringCxCredentialsOf(env.RINGCX_CREDENTIALS);
  return intFromEnv('RECONCILE_MINUTES', DEFAULT_RECONCILE_MINUTES, env);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { fresh: { type: 'boolean', default: false } } });
  // Checked before anything starts, with the checks the CDK context gets.
  const subscribers = subscribersFrom(process.env.SUBSCRIBERS, 'SUBSCRIBERS');
  mkdirSync(LOCAL_DIR, { recursive: true });
  // Before anything in .local/ is touched (--fresh empties it).
  const lock = acquireStartLock(LOCK_FILE);
  process.on('exit', () => lock.release());
  if (values.fresh) {
    for (const entry of readdirSync(LOCAL_DIR)) {
      if (join(LOCAL_DIR, entry) !== LOCK_FILE)
        rmSync(join(LOCAL_DIR, entry), { recursive: true, force: true });
    }
  }

  const reconcileMinutes = reconcileMinutesOf(process.env);
  const stack = await startLocalStack({
    port: Number(process.env.PORT ?? 3000),
    dataDir: LOCAL_DIR,
    credential: localCredential(process.env, previousCredentials(values.fresh)),
    subscribers,
    reconcileIntervalMs: reconcileMinutes === undefined ? undefined : reconcileMinutes * 60_000,
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
  if (reconcileMinutes !== undefined) {
    console.log(`Reconciling with RingCX's agent list every ${reconcileMinutes} minute(s).\n`);
  }

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
  if (error instanceof AlreadyRunning) {
    console.error(error.message);
  } else {
    const what = error instanceof ConfigError ? 'configuration error' : 'npm start failed';
    console.error(`${what}: ${error.message}`);
  }
  process.exit(1);
});
