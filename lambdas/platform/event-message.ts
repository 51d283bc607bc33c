import type { Envelope } from '../events/envelope';
import { toSqsBody, toSqsText } from './sqs-body';

/**
 * Largest message SNS takes on a topic with its default settings, counted as `publishedBytes`
 * does; it is also the most one PublishBatch call may carry in all.
 */
export const MAX_MESSAGE_BYTES = 262_144;

/**
 * The message attributes subscribers filter on (SNS filter policies read message attributes),
 * so a subscription can pick its events without anyone parsing the body.
 */
export const FILTER_ATTRIBUTES = ['kind', 'eventType', 'accountId'] as const;
export type FilterAttribute = (typeof FILTER_ATTRIBUTES)[number];

/**
 * SNS drops a message it would deliver raw (as the queues take it) with more than ten message
 * attributes, without an error to the publisher: the list stays at or under this.
 */
export const MAX_RAW_DELIVERY_ATTRIBUTES = 10;

export interface MessageAttribute {
  DataType: 'String' | 'Number';
  StringValue: string;
}

/**
 * The attributes every published event carries: the filter attributes and the schema version.
 * The sender's free text (`event_type`, `account_id`) is made safe for SNS and SQS.
 */
export function messageAttributes(
  event: Envelope,
): Record<FilterAttribute | 'schemaVersion', MessageAttribute> {
  const eventType = event.raw.event_type;
  return {
    kind: { DataType: 'String', StringValue: event.kind },
    eventType: {
      DataType: 'String',
      StringValue: toSqsText(
        typeof eventType === 'string' && eventType !== '' ? eventType : event.kind,
      ),
    },
    accountId: { DataType: 'String', StringValue: toSqsText(event.accountId) },
    schemaVersion: { DataType: 'Number', StringValue: String(event.schemaVersion) },
  };
}

/**
 * The size SNS and SQS hold against their message limits: the body plus each attribute's name,
 * type and value, in UTF-8 bytes.
 */
export function publishedBytes(message: string, attributes: Record<string, MessageAttribute>) {
  let bytes = Buffer.byteLength(message);
  for (const [name, value] of Object.entries(attributes)) {
    bytes +=
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType) +
      Buffer.byteLength(value.StringValue);
  }
  return bytes;
}

/** One event as it is published: the envelope as the message, its attributes, and its size. */
export interface EventMessage {
  eventId: string;
  message: string;
  attributes: Record<string, MessageAttribute>;
  bytes: number;
}

/**
 * The envelope as the message, in the JSON SQS takes (subscriptions deliver it raw into queues,
 * which refuse some characters; see platform/sqs-body.ts), with its attributes and size.
 */
export function eventMessage(event: Envelope): EventMessage {
  const message = toSqsBody(event);
  const attributes = messageAttributes(event);
  return {
    eventId: event.eventId,
    message,
    attributes,
    bytes: publishedBytes(message, attributes),
  };
}
