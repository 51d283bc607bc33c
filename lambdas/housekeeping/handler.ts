import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { EnvelopeOf } from '../events/envelope';
import { dynamodb } from '../platform/dynamodb/client';
import { ReconcileMarks } from '../platform/dynamodb/reconcile-marks';
import { eventMessage } from '../platform/event-message';
import { instrumented } from '../platform/instrumented';
import { logger } from '../platform/logger';
import { metrics } from '../platform/metrics';
import { publish } from '../platform/publish';
import { RingCxAgentLists } from '../platform/ringcx/agent-lists';
import { RequestLimiter } from '../platform/ringcx/request-limiter';
import { ringCxCredentialsOf } from '../platform/ringcx/ringcx-credentials';
import { sns } from '../platform/sns';
import { housekeepingConfigFromEnv, isReconcileInput } from './config';
import { openSessions } from './open-sessions';
import { type ReconcileOutcome, reconcileSessions } from './reconcile';
import { type SweepOutcome, sweepStaleSessions } from './sweep';

const config = housekeepingConfigFromEnv();

const adapters = {
  openSessions: () => openSessions(dynamodb, config.sessionsTable),
  publish: (events: readonly EnvelopeOf<'agent.logout'>[]) =>
    publish(sns, config.eventsTopicArn, events.map(eventMessage)),
};

const clock = () => ({ now: new Date().toISOString(), staleAfterHours: config.staleAfterHours });

/**
 * Run by EventBridge Scheduler every 5 minutes (locally by a timer): closes the open sessions
 * whose LOGOUT never came with an inferred logout on the events topic. A failure throws, so the
 * scheduler retries the invocation (and keeps it in its DLQ once out of retries); the next run
 * sweeps again anyway.
 */
async function sweep(): Promise<SweepOutcome> {
  const outcome = await sweepStaleSessions(adapters, clock());
  metrics.addMetric('InferredLogouts', MetricUnit.Count, outcome.closed.length);
  logger.info('sessions swept', { open: outcome.open, eventIds: outcome.closed });
  return outcome;
}

const marks = new ReconcileMarks(dynamodb, config.sessionsTable);
/** The instance's count of RingCX requests, whatever the credentials. */
const limiter = new RequestLimiter();
/** Kept with its tokens while the secret's value stays the same (a new value starts afresh). */
let agentLists: { readonly secret: string; readonly lists: RingCxAgentLists } | undefined;

/**
 * Run every `reconcileMinutes` by a schedule of its own (input `{"task":"reconcile"}`) when
 * RingCX credentials are configured: closes the open sessions RingCX's real-time agent list
 * missed twice in a row (marking those it misses the first time). An account whose list failed,
 * or shows none of its open sessions, is logged and counted (`ReconcileSkippedAccounts`),
 * and left alone; the run itself fails only when the credentials cannot be read or the topic
 * refuses the logouts.
 */
async function reconcile(): Promise<ReconcileOutcome> {
  if (config.ringCxCredentials === undefined) {
    throw new Error('reconciliation is not configured (no RingCX credentials)');
  }
  const secret = await config.ringCxCredentials();
  if (agentLists?.secret !== secret) {
    agentLists = { secret, lists: new RingCxAgentLists(ringCxCredentialsOf(secret), { limiter }) };
  }
  const { lists } = agentLists;
  const outcome = await reconcileSessions(
    {
      ...adapters,
      agentLists: () => lists.lists(),
      markMissed: (misses) => marks.mark(misses),
      unmarkMissed: (agentLoginIds) => marks.unmark(agentLoginIds),
    },
    clock(),
  );
  metrics.addMetric('ReconciledLogouts', MetricUnit.Count, outcome.closed.length);
  metrics.addMetric('ReconcileSkippedAccounts', MetricUnit.Count, outcome.skipped.length);
  for (const { accountId, reason } of outcome.skipped) {
    logger.warn('sub-account not reconciled', { accountId, reason });
  }
  logger.info('sessions reconciled', {
    open: outcome.open,
    reconciled: outcome.reconciled,
    firstMisses: outcome.firstMisses,
    eventIds: outcome.closed,
  });
  return outcome;
}

export const handler = instrumented(async (event: unknown) =>
  isReconcileInput(event) ? reconcile() : sweep(),
);
