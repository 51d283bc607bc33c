/** One reason a request or event was refused, named by the sender's own field name. */
export interface Issue {
  /** The vendor field (e.g. `call_state`), `body`/`query` for the request, `[i].field` in a batch. */
  path: string;
  message: string;
}

export function issue(path: string, message: string): Issue {
  return { path, message };
}

/**
 * The first issues whose JSON fits in `maxBytes` (always at least one), and how many more there
 * were: long lists are cut from the end, so answers and records keep a bounded size.
 */
export function issuesWithin(
  issues: readonly Issue[],
  maxBytes: number,
): { kept: Issue[]; omitted: number } {
  const kept: Issue[] = [];
  let bytes = 2;
  for (const item of issues) {
    bytes += Buffer.byteLength(JSON.stringify(item)) + 1;
    if (bytes > maxBytes && kept.length > 0) break;
    kept.push(item);
  }
  return { kept, omitted: issues.length - kept.length };
}
