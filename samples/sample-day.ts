import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The checked-in sample contact-center day (`npm run sample` writes it), one event per line. */
export const SAMPLE_DAY_FILE = join(__dirname, 'contact-center-day.ndjson');

/** The day's events as the sender would post them: one JSON body each. */
export function sampleDayBodies(): string[] {
  return readFileSync(SAMPLE_DAY_FILE, 'utf8').trim().split('\n');
}

export function sampleDay(): Record<string, unknown>[] {
  return sampleDayBodies().map((body) => JSON.parse(body) as Record<string, unknown>);
}
