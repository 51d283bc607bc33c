import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const VENDOR_FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'vendor');

/** The vendor document's examples, as files: `name.json` (valid) or `name.malformed.txt`. */
export function vendorExamples(): { name: string; body: string; malformed: boolean }[] {
  return readdirSync(VENDOR_FIXTURES_DIR)
    .filter((file) => file.endsWith('.json') || file.endsWith('.malformed.txt'))
    .sort()
    .map((file) => ({
      name: file.replace(/\.(json|malformed\.txt)$/, ''),
      body: readFileSync(join(VENDOR_FIXTURES_DIR, file), 'utf8'),
      malformed: file.endsWith('.malformed.txt'),
    }));
}

/** The parsed fields of one valid vendor example. */
export function vendorEvent(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(VENDOR_FIXTURES_DIR, `${name}.json`), 'utf8'));
}

export function expectedEnvelope(name: string): unknown {
  return JSON.parse(readFileSync(join(VENDOR_FIXTURES_DIR, 'expected', `${name}.json`), 'utf8'));
}
