import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

/** Messages in a queue: waiting, received and not yet deleted (in flight), and delayed. */
export async function queueCounts(sqs: SQSClient, queueUrl: string) {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: queueUrl,
      AttributeNames: [
        'ApproximateNumberOfMessages',
        'ApproximateNumberOfMessagesNotVisible',
        'ApproximateNumberOfMessagesDelayed',
      ],
    }),
  );
  return {
    waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(Attributes.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}

/**
 * Waits until the store's queue is drained: empty at two checks in a row at least `settleMs`
 * apart (the counts are approximate; AWS's can lag by up to a minute), reporting what is left
 * while it waits; false once nothing has left the queue for `stallMs` (a slow store that keeps
 * taking messages is waited for, a stuck one is not).
 */
export async function waitUntilDrained(
  sqs: SQSClient,
  queueUrl: string,
  { stallMs = 600_000, intervalMs = 250, settleMs = 0, onWaiting = (_left: number) => {} } = {},
): Promise<boolean> {
  let deadline = Date.now() + stallMs;
  let fewestLeft = Number.POSITIVE_INFINITY;
  let emptySince: number | undefined;
  let emptyChecks = 0;
  while (Date.now() < deadline) {
    const { waiting, inFlight, delayed } = await queueCounts(sqs, queueUrl);
    const left = waiting + inFlight + delayed;
    if (left < fewestLeft) {
      fewestLeft = left;
      deadline = Date.now() + stallMs;
    }
    if (left === 0) {
      emptySince ??= Date.now();
      emptyChecks += 1;
      if (emptyChecks >= 2 && Date.now() - emptySince >= settleMs) return true;
    } else {
      emptySince = undefined;
      emptyChecks = 0;
      onWaiting(left);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
  return false;
}
