import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENVELOPE_SCHEMA_FILE, envelopeJsonSchemaText } from '../../../lambdas/events/json-schema';

describe('the published JSON Schema', () => {
  it('is up to date with the zod envelope (run `npm run schema` after changing it)', () => {
    const published = readFileSync(join(__dirname, '..', '..', '..', ENVELOPE_SCHEMA_FILE), 'utf8');
    expect(published).toBe(envelopeJsonSchemaText());
  });
});
