/** Writes the published JSON Schema of the queue message (`npm run schema`). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVELOPE_SCHEMA_FILE, envelopeJsonSchemaText } from '../lambdas/events/json-schema';

const target = join(__dirname, '..', ENVELOPE_SCHEMA_FILE);
writeFileSync(target, envelopeJsonSchemaText());
console.log(`wrote ${ENVELOPE_SCHEMA_FILE}`);
