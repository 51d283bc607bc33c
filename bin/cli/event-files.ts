import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Reads events from a file, a directory of files, or standard input (`-`). A file may hold one
 * JSON event, a JSON array of events, or newline-delimited JSON (one event per line).
 */
export function readEvents(source: string): Record<string, unknown>[] {
  if (source === '-') return parseEvents(readFileSync(0, 'utf8'), 'standard input');
  if (statSync(source).isDirectory()) {
    return readdirSync(source)
      .filter((name) => /\.(json|ndjson|jsonl)$/.test(name))
      .sort()
      .flatMap((name) => readEvents(join(source, name)));
  }
  return parseEvents(readFileSync(source, 'utf8'), source);
}

export function parseEvents(text: string, origin: string): Record<string, unknown>[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  try {
    const parsed: unknown = JSON.parse(trimmed);
    return Array.isArray(parsed)
      ? (parsed as Record<string, unknown>[])
      : [parsed as Record<string, unknown>];
  } catch {
    return trimmed
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line, index) => {
        try {
          return JSON.parse(line) as Record<string, unknown>;
        } catch (error) {
          throw new Error(`${origin} line ${index + 1}: ${(error as Error).message}`);
        }
      });
  }
}
