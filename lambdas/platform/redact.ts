/**
 * Personal data never reaches a log line in clear: usernames/e-mails, phone numbers, ANI/DNIS,
 * IP addresses (fields and the client-address headers) and recording URLs are replaced by a marker, whichever spelling the key has
 * (vendor snake_case or our camelCase), and e-mail-like text is scrubbed from any string.
 */
const PERSONAL_KEYS = new Set(
  [
    'username',
    'agentPhone',
    'agent_phone',
    'sourceIp',
    'source_ip',
    'ani',
    'dnis',
    'recordingUrl',
    'recording_url',
    'email',
    'authorization',
    'x-webhook-token',
    'sourceIpAddress',
    // Headers that name the client's address, as proxies and CDNs set them.
    'x-forwarded-for',
    'forwarded',
    'x-real-ip',
    'x-client-ip',
    'x-cluster-client-ip',
    'true-client-ip',
    'cf-connecting-ip',
    'client-ip',
    'clientIp',
  ].map((key) => key.toLowerCase()),
);

const EMAIL_LIKE = /[^\s@"'<>]+@[^\s@"'<>]+/g;
export const REDACTED = '[redacted]';

export function isPersonalKey(key: string): boolean {
  return PERSONAL_KEYS.has(key.toLowerCase());
}

/** A JSON replacer for log serialization. */
export function redactForLog(key: string, value: unknown): unknown {
  if (key !== '' && isPersonalKey(key))
    return value === null || value === undefined ? value : REDACTED;
  if (typeof value === 'string' && value.includes('@')) return value.replace(EMAIL_LIKE, REDACTED);
  return value;
}
