import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
// Straight from the modules, not the events index: ingest must not build the envelope schema.
import { decodeRequest } from '../events/decode';
import type { Envelope } from '../events/envelope';
import { interpretRecord } from '../events/interpret';
import type { Issue } from '../events/issues';
import type { TimeZoneConfig } from '../events/time-zones';
import { isAuthorized, presentedCredential } from '../platform/auth';
import type { CredentialSource } from '../platform/credentials';
import { type EventMessage, eventMessage, MAX_MESSAGE_BYTES } from '../platform/event-message';
import { MAX_BATCH_EVENTS } from './limits';
import { type QuarantineRecord, quarantineRecord, type RawRequest } from './quarantine';
import * as webhookAnswers from './responses';
import {
  INVALID_VALIDATION_TOKEN,
  isValidationRequest,
  SUBSCRIPTION_DEADLINE_MS,
  SUBSCRIPTION_ROUTE,
  subscriptionAnswers,
  type ValidationToken,
  validationTokenOf,
} from './subscription';

export const HEALTH_ROUTE = '/v1/health';

export interface IngestRequest extends RawRequest {
  contentType?: string;
}

export interface IngestDependencies {
  credentials: CredentialSource;
  /** Resolves once the topic confirmed every message. */
  publish: (messages: readonly EventMessage[], signal: AbortSignal) => Promise<void>;
  quarantine: (record: QuarantineRecord, signal: AbortSignal) => Promise<void>;
  timeZones: TimeZoneConfig;
  maxBodyBytes: number;
  /** Every publish and quarantine of one request finishes within this, far below API Gateway's 30 s. */
  deadlineMs: number;
}

export type Rejection =
  | 'unauthorized'
  | 'too-large'
  | 'too-deep'
  | 'malformed'
  | 'invalid'
  | 'unclassifiable'
  | 'unavailable';

/** How a route answers: the webhook routes' answers, or the subscription route's. */
type Answers = Pick<
  typeof webhookAnswers,
  'accepted' | 'rejected' | 'unauthorized' | 'unavailable'
>;

export interface IngestOutcome {
  response: APIGatewayProxyStructuredResultV2;
  accepted: readonly webhookAnswers.Accepted[];
  /** Why the request (or part of a batch) was refused, for logs and metrics. */
  rejection?: Rejection;
  /** For a 503: what could not be reached, for the logs (never for the caller). */
  failure?: string;
  /** Events refused; a request refused before its events were counted (401, 503) counts one. */
  rejectedEvents: number;
}

/**
 * One request from the sender, start to answer: authenticate, read, classify and validate every
 * event, publish what is valid, keep what is not in the quarantine, and answer. Acceptance is
 * claimed only after the topic confirmed every accepted message; when the topic or the quarantine
 * cannot be reached in time the answer is 503 and claims nothing.
 */
export async function ingest(
  request: IngestRequest,
  deps: IngestDependencies,
): Promise<IngestOutcome> {
  if (request.route === HEALTH_ROUTE)
    return { response: webhookAnswers.healthy(), accepted: [], rejectedEvents: 0 };
  const subscription = request.route === SUBSCRIPTION_ROUTE;
  const validationToken = subscription ? validationTokenOf(request) : undefined;
  if (subscription && isValidationRequest(request)) {
    // Without the credential: it echoes what the caller sent and stores nothing. Like a 401,
    // a token that cannot be echoed is refused without being kept.
    const answers = subscriptionAnswers(validationToken);
    const response =
      validationToken === 'invalid'
        ? answers.rejected(400, INVALID_VALIDATION_TOKEN.error, INVALID_VALIDATION_TOKEN.issues)
        : answers.validated();
    return { response, accepted: [], rejectedEvents: 0 };
  }
  const answer: Answers = subscription ? subscriptionAnswers(validationToken) : webhookAnswers;
  const deadlineMs = subscription
    ? Math.min(deps.deadlineMs, SUBSCRIPTION_DEADLINE_MS)
    : deps.deadlineMs;
  // A timer cleared on the way out: AbortSignal.timeout leaves one weakly held timer per request
  // pending for the whole deadline, which costs more CPU than the rest of the deadline handling.
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(timedOut()), deadlineMs);
  try {
    return await authenticatedIngest(request, deps, answer, deadline.signal, validationToken);
  } catch (error) {
    const failure = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      response: answer.unavailable(),
      accepted: [],
      rejection: 'unavailable',
      rejectedEvents: 1,
      failure,
    };
  } finally {
    clearTimeout(timer);
  }
}

/** The reason AbortSignal.timeout gives, so a deadline failure reads as it always did. */
function timedOut(): DOMException {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/**
 * `work`, or the deadline's reason once the deadline passed first: what does not take the
 * signal itself (the credential read) still ends within the deadline.
 */
function withinDeadline<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

async function authenticatedIngest(
  request: IngestRequest,
  deps: IngestDependencies,
  answer: Answers,
  signal: AbortSignal,
  validationToken: ValidationToken,
): Promise<IngestOutcome> {
  const credentials = await withinDeadline(deps.credentials(), signal);
  if (!isAuthorized(presentedCredential(request.headers), credentials)) {
    // Unauthenticated input is not kept: anyone could fill the quarantine otherwise.
    return {
      response: answer.unauthorized(),
      accepted: [],
      rejection: 'unauthorized',
      rejectedEvents: 1,
    };
  }
  const refuse = async (
    status: 400 | 413 | 422,
    rejection: Rejection,
    error: string,
    issues: readonly Issue[],
    accepted: readonly webhookAnswers.Accepted[] = [],
    batch = false,
  ): Promise<IngestOutcome> => {
    await deps.quarantine(
      quarantineRecord(request, status, error, issues, deps.maxBodyBytes),
      signal,
    );
    const response = answer.rejected(status, error, issues, batch ? { accepted } : undefined);
    return { response, accepted, rejection, rejectedEvents: 1 };
  };

  if (validationToken === 'invalid') {
    // A delivery whose token could not be echoed: RingCX would not take the answer anyway.
    return refuse(
      400,
      'malformed',
      INVALID_VALIDATION_TOKEN.error,
      INVALID_VALIDATION_TOKEN.issues,
    );
  }
  const size = bodySize(request);
  if (size > deps.maxBodyBytes) {
    return refuse(413, 'too-large', 'request body too large', [
      { path: 'body', message: `${size} bytes; the limit is ${deps.maxBodyBytes}` },
    ]);
  }
  const decoded = decodeRequest(request);
  if (!decoded.ok) {
    // Nested too deep is readable but can never be stored: 422, like an invalid event.
    return decoded.reason === 'too-deep'
      ? refuse(422, 'too-deep', decoded.error, decoded.issues)
      : refuse(400, 'malformed', decoded.error, decoded.issues);
  }
  if (decoded.records.length > MAX_BATCH_EVENTS) {
    // Refused before any event is read: no answer lists thousands of positions.
    const outcome = await refuse(413, 'too-large', 'batch too large', [
      {
        path: 'body',
        message: `the batch holds ${decoded.records.length} events; a request takes at most ${MAX_BATCH_EVENTS}`,
      },
    ]);
    return { ...outcome, rejectedEvents: decoded.records.length };
  }

  const receivedAt = request.receivedAt;
  const valid: Envelope[] = [];
  // Within one request a repeated event is published once; the answer still lists each position.
  const messages = new Map<string, EventMessage>();
  const issues: Issue[] = [];
  let firstRejection: Rejection | undefined;
  let firstError = '';
  const refuseEvent = (rejection: Rejection, error: string, eventIssues: readonly Issue[]) => {
    issues.push(...eventIssues);
    firstRejection ??= rejection;
    if (firstError === '') firstError = error;
  };
  decoded.records.forEach((record, index) => {
    const result = interpretRecord(record, {
      receivedAt,
      timeZones: deps.timeZones,
      transport: {
        encoding: decoded.encoding,
        route: request.route,
        batchIndex: decoded.batch ? index : undefined,
      },
    });
    if (!result.ok) {
      refuseEvent(result.reason, result.error, result.issues);
      return;
    }
    const message = messages.get(result.event.eventId) ?? eventMessage(result.event);
    if (message.bytes > MAX_MESSAGE_BYTES) {
      // The topic would refuse it on every retry: refuse it now, and keep it.
      refuseEvent('too-large', 'event too large to publish', [
        {
          path: decoded.batch ? `[${index}]` : 'body',
          message: `as a message it takes ${message.bytes} bytes; the topic takes at most ${MAX_MESSAGE_BYTES}`,
        },
      ]);
      return;
    }
    messages.set(message.eventId, message);
    valid.push(result.event);
  });

  if (messages.size > 0) await deps.publish([...messages.values()], signal);
  const accepted = valid.map((event) => ({ eventId: event.eventId, kind: event.kind }));

  if (firstRejection === undefined) {
    return { response: answer.accepted(accepted), accepted, rejectedEvents: 0 };
  }
  const rejectedEvents = decoded.records.length - valid.length;
  const error =
    decoded.batch && rejectedEvents > 1
      ? `${rejectedEvents} of ${decoded.records.length} events refused`
      : firstError;
  // A lone event too large to publish is a 413 like a body over the limit; a batch answers 422.
  const status = firstRejection === 'too-large' && !decoded.batch ? 413 : 422;
  const outcome = await refuse(status, firstRejection, error, issues, accepted, decoded.batch);
  return { ...outcome, rejectedEvents };
}

function bodySize(request: RawRequest): number {
  if (request.body === undefined) return 0;
  return request.isBase64Encoded
    ? Buffer.byteLength(request.body, 'base64')
    : Buffer.byteLength(request.body, 'utf8');
}
