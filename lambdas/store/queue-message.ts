import type { Envelope } from '../events/envelope';
import { SCHEMA_VERSION } from '../events/kinds';

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

let schema: Promise<typeof import('../events/envelope')['envelopeSchema']> | undefined;

/**
 * The envelope schema, built when the first message is read instead of while the function loads
 * (building it is the largest part of the store's cold import).
 */
function envelopeSchema() {
  schema ??= import('../events/envelope').then((module) => module.envelopeSchema);
  return schema;
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
  const result = (await envelopeSchema()).safeParse(parsed);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.')))];
    throw new UnstorableMessage(`envelope is invalid: ${fields.join(', ')}`, fields);
  }
  return result.data;
}
