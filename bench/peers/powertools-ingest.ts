/**
 * The peer the bench weighs ingest against (`warmCpuVsPeer.ingest`): an ingest handler for the
 * same webhook written the way the Powertools for AWS Lambda (TypeScript) documentation teaches
 * one. middy with the Logger's `injectLambdaContext` and the Metrics' `logMetrics`; the Parser's
 * middleware checking the whole HTTP API event, its body a zod schema of the vendor payload
 * (the documented `APIGatewayProxyEventV2Schema.extend({ body: JSONStringified(...) })`, which
 * keeps the headers for the credential); then one SNS Publish per event, with the message
 * attributes subscribers filter on, one log line and the same metrics per request.
 *
 * It stands for a competent team's first version, not a straw man: the same credential check,
 * vendor rules as strict as ours (ids, lengths, the zone-less time), the SDK client with our
 * settings. What the pattern does not give, it leaves out rather than imitating badly: a body
 * in the sender's default URL-encoded format, the content-hash event id (SNS's message id stands
 * in), normalization, zone conversion, the same-second order, redaction of personal data in
 * logs, the quarantine and the deadline. So every difference weighs in its favour.
 */
import { timingSafeEqual } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { JSONStringified } from '@aws-lambda-powertools/parser/helpers';
import { parser } from '@aws-lambda-powertools/parser/middleware';
import { APIGatewayProxyEventV2Schema } from '@aws-lambda-powertools/parser/schemas/api-gatewayv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import middy from '@middy/core';
import { z } from 'zod';
import { clientOptions } from '../../lambdas/platform/client-options';

const logger = new Logger();
const metrics = new Metrics();
const sns = new SNSClient(clientOptions);
const topicArn = process.env.EVENTS_TOPIC_ARN;
const token = Buffer.from(process.env.WEBHOOK_TOKEN ?? '');

const id = z.string().regex(/^[^\s\p{Cc}]{1,128}$/u);
const text = z.string().max(2048).nullish();
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
const seconds = z
  .string()
  .regex(/^\d{1,9}(\.\d+)?$/)
  .nullish();

const sessionEvent = z.object({
  account_id: id,
  agent_id: id,
  agent_login_id: id,
  external_agent_id: id.nullish(),
  username: text,
  agent_phone: text,
  source_ip: text,
  event_type: z.string().min(1).max(2048),
  date_time: dateTime,
  duration: seconds,
});
const stateEvent = sessionEvent.extend({
  event_aux_type: text,
  prev_state: z.string().min(1).max(2048),
  prev_aux_state: text,
  pending_disp: z
    .string()
    .regex(/^(0|1|true|false)$/i)
    .nullish(),
  call_id: id.nullish(),
  call_source_id: id.nullish(),
  call_source_name: text,
  dnis: text,
  call_type: text,
});
const callEvent = z.object({
  account_id: id,
  call_id: id,
  event_type: z.string().regex(/^(ACD|VPD)-CALL$/i),
  call_start: dateTime,
  call_state: z.string().min(1).max(64),
  call_duration: seconds,
  queue_duration: seconds,
  gate_id: id.nullish(),
  gate_name: text,
  dnis: text,
  ani: text,
  agent_id: id.nullish(),
  external_agent_id: id.nullish(),
  username: text,
  recording_url: z.string().max(8192).nullish(),
  agent_disposition: z.string().max(8192).nullish(),
});
const vendorPayload = z.union([stateEvent, callEvent, sessionEvent]);
type VendorPayload = z.infer<typeof vendorPayload>;

const webhookRequest = APIGatewayProxyEventV2Schema.extend({
  body: JSONStringified(vendorPayload),
});
type WebhookRequest = z.infer<typeof webhookRequest>;

function kindOf(payload: VendorPayload): string {
  if ('prev_state' in payload) return 'agent.state';
  if ('call_id' in payload && 'call_start' in payload) return 'call.ended';
  return payload.event_type.toUpperCase() === 'LOGOUT' ? 'agent.logout' : 'agent.login';
}

function authorized(headers: WebhookRequest['headers']): boolean {
  const presented = Buffer.from(headers['x-webhook-token'] ?? '');
  return presented.length === token.length && timingSafeEqual(presented, token);
}

const json = (statusCode: number, body: unknown) => ({
  statusCode,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

export const handler = middy()
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics))
  .use(parser({ schema: webhookRequest }))
  .handler(async (event: WebhookRequest) => {
    logger.setCorrelationId(event.requestContext.requestId);
    if (!authorized(event.headers)) return json(401, { error: 'unauthorized' });
    const payload = event.body;
    const kind = kindOf(payload);
    const started = performance.now();
    const { MessageId = '' } = await sns.send(
      new PublishCommand({
        TopicArn: topicArn,
        Message: JSON.stringify(payload),
        MessageAttributes: {
          kind: { DataType: 'String', StringValue: kind },
          eventType: { DataType: 'String', StringValue: payload.event_type },
          accountId: { DataType: 'String', StringValue: payload.account_id },
          schemaVersion: { DataType: 'Number', StringValue: '1' },
        },
      }),
    );
    metrics.addMetric('EnqueueLatency', MetricUnit.Milliseconds, performance.now() - started);
    metrics.addMetric('Accepted', MetricUnit.Count, 1);
    metrics.addMetric(`Accepted.${kind}`, MetricUnit.Count, 1);
    logger.info('request answered', { status: 202, eventIds: [MessageId] });
    return json(202, { accepted: [{ eventId: MessageId, kind }] });
  });
