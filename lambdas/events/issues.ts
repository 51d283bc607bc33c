/** One reason a request or event was refused, named by the sender's own field name. */
export interface Issue {
  /** The vendor field (e.g. `call_state`), `body`/`query` for the request, `[i].field` in a batch. */
  path: string;
  message: string;
}

export function issue(path: string, message: string): Issue {
  return { path, message };
}
