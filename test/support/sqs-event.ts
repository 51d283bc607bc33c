import type { SQSEvent, SQSRecord } from 'aws-lambda';

/** An SQS event source batch as Lambda delivers it; bodies are message bodies verbatim. */
export function sqsEvent(bodies: readonly string[], receiveCount = 1): SQSEvent {
  return {
    Records: bodies.map(
      (body, index): SQSRecord => ({
        messageId: `message-${index}`,
        receiptHandle: `receipt-${index}`,
        body,
        attributes: {
          ApproximateReceiveCount: String(receiveCount),
          SentTimestamp: '1593546270000',
          SenderId: 'ingest',
          ApproximateFirstReceiveTimestamp: '1593546270000',
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:engage-wfm-events',
        awsRegion: 'us-east-1',
      }),
    ),
  };
}
