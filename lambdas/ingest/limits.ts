import { MAX_QUEUE_MESSAGE_BYTES } from '../platform/resources';

/**
 * What ingest takes, beyond the body size a deployment chooses (MAX_BODY_KIB), and why: input
 * past these limits could never be stored, so it is refused for good (413/422) and kept in the
 * quarantine instead of being answered 503, which would make the sender retry it forever.
 */

// The deepest JSON nesting a body may have is MAX_JSON_DEPTH (events/json-text.ts), which the
// decoder checks on the text before parsing.

/** Most events in one JSON array (a batch); Engage Voice itself posts one event per request. */
export const MAX_BATCH_EVENTS = 500;

/** The issues a quarantine record keeps, in UTF-8 bytes as written; the rest are counted. */
export const MAX_RECORD_ISSUES_BYTES = 16 * 1024;

/** API Gateway takes at most 10 KiB of request line and headers together. */
const REQUEST_LINE_AND_HEADERS_BYTES = 10 * 1024;
/** The most a character can grow in a record written for SQS: a control byte becomes `\u00XX`. */
const MAX_ESCAPE_GROWTH = 6;
/** The record's other fields (version, status, reason, times, ids) and the message attributes. */
const FIXED_FIELDS_BYTES = 4 * 1024;

/** Room a quarantine record needs besides its body, at the worst. */
export const QUARANTINE_RESERVE_BYTES =
  REQUEST_LINE_AND_HEADERS_BYTES * MAX_ESCAPE_GROWTH + MAX_RECORD_ISSUES_BYTES + FIXED_FIELDS_BYTES;

/**
 * The largest MAX_BODY_KIB a deployment may set: a refused body of that size, kept base64 (4/3 of
 * its bytes, however many control characters it holds), still fits one quarantine message whole
 * with the rest of its record.
 */
export const MAX_BODY_KIB_LIMIT = Math.floor(
  ((MAX_QUEUE_MESSAGE_BYTES - QUARANTINE_RESERVE_BYTES) * 3) / 4 / 1024,
);
