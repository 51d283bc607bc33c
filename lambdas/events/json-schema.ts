import * as z from 'zod/mini';
import { envelopeSchema, SCHEMA_VERSION } from './envelope';

/** The published JSON Schema of the queue message body, generated from the zod schema. */
export function envelopeJsonSchema(): Record<string, unknown> {
  return {
    $id: `https://github.com/engage-wfm-forwarder/schemas/envelope.v${SCHEMA_VERSION}.json`,
    title: `Engage Voice WFM event envelope, schema version ${SCHEMA_VERSION}`,
    ...z.toJSONSchema(envelopeSchema, { target: 'draft-2020-12', io: 'output' }),
  };
}

export const ENVELOPE_SCHEMA_FILE = `schemas/envelope.v${SCHEMA_VERSION}.json`;

export function envelopeJsonSchemaText(): string {
  return `${JSON.stringify(envelopeJsonSchema(), null, 2)}\n`;
}
