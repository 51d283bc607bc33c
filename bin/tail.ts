/**
 * Prints the events as they are published (`npm run tail -- [options]`): subscribes a temporary
 * queue of its own to the events topic, with a filter from the flags, prints one line per event
 * (or the envelope with --json), and removes the subscription and the queue on Ctrl-C.
 * The local stack's topic by default (.local/endpoints.json); `--topic-arn` for a deployed one,
 * with the AWS SDK's usual credentials (the queue is created in the topic's region).
 */
import { randomUUID } from 'node:crypto';
import { SNSClient, UnsubscribeCommand } from '@aws-sdk/client-sns';
import {
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Envelope } from '../lambdas/events/envelope';
import { ConfigError, subscriberFilter } from '../lib/config';
import { localClientSettings, regionOf, toolClientOptions, toolSqsOptions } from './cli/aws';
import { flags, runCommand, UsageError } from './cli/command';
import { readLocalEndpoints } from './cli/endpoints';
import { tailFilter, tailLine } from './cli/tail-line';
import { subscribeQueue } from './local/fan-out';
import { createQueue, queueArn } from './local/provision';

const USAGE = `usage: npm run tail -- [--kind K]... [--event-type T]... [--account A]... [--json]
                     [--topic-arn ARN]
Prints every event the topic publishes that matches all the flags given (any of the values of
one flag), until Ctrl-C. Kinds: agent.login, agent.logout, agent.state, call.ended.
Without --topic-arn it follows the local stack (npm start).`;

/** Messages it has not printed are kept this long if the tool dies before it can clean up. */
const LEFTOVER_RETENTION_SECONDS = 3600;
/** Each receive waits this long for a message (long polling: a quiet topic costs few requests). */
const WAIT_SECONDS = 10;

function clientsFor(topicArn: string | undefined) {
  if (topicArn === undefined) {
    const local = readLocalEndpoints();
    if (local.sns === undefined) {
      throw new UsageError('.local/endpoints.json is from an older version: restart `npm start`');
    }
    return {
      topicArn: local.sns.eventsTopicArn,
      sns: new SNSClient({ ...toolClientOptions, ...localClientSettings(local.sns.endpoint) }),
      sqs: new SQSClient({ ...toolSqsOptions, ...localClientSettings(local.sqs.endpoint) }),
    };
  }
  // arn:aws:sns:<region>:<account>:<name>: the queue goes where the topic is.
  const region = regionOf(topicArn);
  if (!topicArn.startsWith('arn:') || !region) throw new UsageError(`not a topic ARN: ${topicArn}`);
  return {
    topicArn,
    sns: new SNSClient({ ...toolClientOptions, region }),
    sqs: new SQSClient({ ...toolSqsOptions, region }),
  };
}

/** Lets only this topic send to the queue (SNS needs the queue's permission to deliver). */
function topicMaySend(topicArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 'sqs:SendMessage',
        Resource: '*',
        Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
      },
    ],
  });
}

async function main(): Promise<number> {
  const { values } = flags({
    options: {
      kind: { type: 'string', multiple: true },
      'event-type': { type: 'string', multiple: true },
      account: { type: 'string', multiple: true },
      json: { type: 'boolean', default: false },
      'topic-arn': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const filter = (() => {
    try {
      return subscriberFilter(tailFilter(values), 'filter');
    } catch (error) {
      // A bad --kind or --event-type: a mistake in the command line, like a bad flag.
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
  })();
  const { topicArn, sns, sqs } = clientsFor(values['topic-arn']);

  const queueUrl = await createQueue(sqs, `engage-wfm-tail-${randomUUID().slice(0, 8)}`, {
    MessageRetentionPeriod: String(LEFTOVER_RETENTION_SECONDS),
    SqsManagedSseEnabled: 'true',
    Policy: topicMaySend(topicArn),
  });
  let subscriptionArn: string | undefined;
  const stopped = new AbortController();
  const cleanUp = async () => {
    if (subscriptionArn !== undefined) {
      await sns.send(new UnsubscribeCommand({ SubscriptionArn: subscriptionArn }));
    }
    await sqs.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));
    console.error('removed the subscription and the queue');
  };
  const stop = () => stopped.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);

  try {
    subscriptionArn = await subscribeQueue(sns, topicArn, await queueArn(sqs, queueUrl), filter);
    const filterText = Object.keys(filter).length === 0 ? 'every event' : JSON.stringify(filter);
    console.error(`tailing ${topicArn} (${filterText}) through ${queueUrl}; Ctrl-C to stop`);
    while (!stopped.signal.aborted) {
      const { Messages = [] } = await sqs
        .send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: WAIT_SECONDS,
          }),
          { abortSignal: stopped.signal },
        )
        .catch((error: Error) => {
          if (stopped.signal.aborted) return { Messages: [] };
          throw error;
        });
      for (const message of Messages) {
        const body = message.Body ?? '';
        console.log(values.json ? body : tailLine(JSON.parse(body) as Envelope));
      }
      if (Messages.length > 0) {
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle,
            })),
          }),
        );
      }
    }
  } finally {
    await cleanUp();
    sns.destroy();
    sqs.destroy();
  }
  return 0;
}

runCommand('npm run tail', main, USAGE);
