import type { Envelope } from '../events/envelope';
import { SCHEMA_VERSION } from '../events/kinds';
import { isPlainEnvelope } from './envelope-check';

/** A message that can never be stored; redelivery will not help, so it ends in the DLQ. */
export class UnstorableMessage extends Error {
  constructor(
    readonly reason: string,
    readonly fields: readonly string[] = [],
  ) {
    super(reason);
    this.name = 'UnstorableMessage';
  }
}

/**
 * The envelope in an events-queue message body. Throws `UnstorableMessage` naming the reason and
 * the offending fields (never their values, which may be personal data).
 */
export async function envelopeOfMessage(body: string): Promise<Envelope> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new UnstorableMessage('body is not JSON');
  }
  const version =
    typeof parsed === 'object' && parsed !== null && 'schemaVersion' in parsed
      ? parsed.schemaVersion
      : undefined;
  if (version !== SCHEMA_VERSION) {
    throw new UnstorableMessage(
      `unknown schemaVersion ${JSON.stringify(version) ?? 'undefined'}, this store reads ${SCHEMA_VERSION}`,
      ['schemaVersion'],
    );
  }
  if (isPlainEnvelope(parsed)) return parsed;
  // Only a message the plain checks refuse loads and builds the schema, to decide and word it.
  const { envelopeSchema } = await import('../events/envelope');
  const result = envelopeSchema.safeParse(parsed);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
    throw new UnstorableMessage(`envelope is invalid: ${fields.join(', ')}`, fields);
  }
  return result.data;
}
