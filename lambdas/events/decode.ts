import { type Issue, issue } from './issues';
import { depthExceededAt, lineAndColumn, MAX_JSON_DEPTH, syntaxErrorAt } from './json-text';

/** The parts of an HTTP request that carry event fields. */
export interface HttpRequestParts {
  rawQueryString?: string;
  body?: string;
  isBase64Encoded?: boolean;
  contentType?: string;
}

export type Encoding = 'json' | 'query' | 'form';

export type Decoded =
  | { ok: true; encoding: Encoding; batch: boolean; records: unknown[] }
  | {
      ok: false;
      /** `malformed`: not readable (400); `too-deep`: readable, but nested past MAX_JSON_DEPTH (422). */
      reason: 'malformed' | 'too-deep';
      error: string;
      issues: Issue[];
    };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Finds the event fields in a request, whichever way the sender put them: a JSON body (object or
 * array of objects, whatever the content type says), a form body, or the query string (the
 * sender's default). Never throws: an unreadable request is a structured rejection.
 */
export function decodeRequest(request: HttpRequestParts): Decoded {
  const body = bodyText(request);
  if (body === undefined) {
    return rejected('request body is not valid UTF-8 text', issue('body', 'not valid UTF-8'));
  }
  if (firstVisibleCharacter(body) !== undefined) return decodeBody(body, request.contentType);

  const query = request.rawQueryString ?? '';
  if (query.trim() === '') {
    return rejected(
      'no event in the request',
      issue('body', 'the request has neither a body nor query-string fields'),
    );
  }
  return decodeUrlEncoded(query, 'query');
}

/** The body as text, without a byte-order mark (which JSON.parse would refuse). */
function bodyText(request: HttpRequestParts): string | undefined {
  if (request.body === undefined || request.body === '') return '';
  if (!request.isBase64Encoded) {
    return request.body.charCodeAt(0) === 0xfeff ? request.body.slice(1) : request.body;
  }
  try {
    // TextDecoder drops the byte-order mark itself.
    return utf8.decode(Buffer.from(request.body, 'base64'));
  } catch {
    return undefined;
  }
}

function decodeBody(body: string, contentType: string | undefined): Decoded {
  const start = firstVisibleCharacter(body);
  // Content first: senders label JSON as text/json, text/plain or nothing at all.
  if (start === '{' || start === '[') return decodeJson(body);
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (mediaType === 'application/x-www-form-urlencoded' || looksUrlEncoded(body)) {
    return decodeUrlEncoded(body, 'form');
  }
  if (mediaType.includes('json')) return decodeJson(body);
  return rejected(
    'request body is neither JSON nor URL-encoded fields',
    issue('body', `cannot read a body of type "${mediaType || 'unknown'}"`),
  );
}

function firstVisibleCharacter(text: string): string | undefined {
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (character !== ' ' && character !== '\n' && character !== '\r' && character !== '\t') {
      return character;
    }
  }
  return undefined;
}

function looksUrlEncoded(body: string): boolean {
  return /^[^=&\s]+=[^\s]*$/.test(body.trim());
}

function decodeJson(body: string): Decoded {
  // Before JSON.parse and whatever walks its result recursively (hashing, serializing).
  const tooDeep = depthExceededAt(body, MAX_JSON_DEPTH);
  if (tooDeep !== undefined) {
    return {
      ok: false,
      reason: 'too-deep',
      error: 'JSON body nested too deep',
      issues: [
        issue(
          'body',
          `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects at ${where(body, tooDeep)}`,
        ),
      ],
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    return rejected('malformed JSON body', issue('body', jsonErrorWithLine(error, body)));
  }
  if (Array.isArray(parsed)) {
    if (parsed.length === 0) {
      return rejected('empty batch', issue('body', 'the JSON array holds no events'));
    }
    return { ok: true, encoding: 'json', batch: true, records: parsed };
  }
  if (parsed !== null && typeof parsed === 'object') {
    return { ok: true, encoding: 'json', batch: false, records: [parsed] };
  }
  return rejected(
    'JSON body is not an event',
    issue('body', 'expected a JSON object of event fields or an array of such objects'),
  );
}

function where(body: string, position: number): string {
  const { line, column } = lineAndColumn(body, position);
  return `position ${position} (line ${line} column ${column})`;
}

/**
 * V8's reason, with the line and column of the position it names; where it names none (an
 * unexpected token, an early end), the position our own reading of the grammar finds.
 */
function jsonErrorWithLine(error: unknown, body: string): string {
  const reason = error instanceof Error ? error.message : 'unreadable JSON';
  const named = /at position (\d+)/.exec(reason)?.[1];
  if (named !== undefined) {
    const { line, column } = lineAndColumn(body, Number(named));
    return /\(line \d+/.test(reason) ? reason : `${reason} (line ${line} column ${column})`;
  }
  return `${reason} at ${where(body, syntaxErrorAt(body) ?? body.length)}`;
}

function decodeUrlEncoded(text: string, encoding: 'query' | 'form'): Decoded {
  const entries: [string, string][] = [];
  for (const [key, value] of new URLSearchParams(text)) {
    if (key !== '') entries.push([key, value]);
  }
  if (entries.length === 0) {
    return rejected('no event fields', issue(encoding, 'no name=value fields found'));
  }
  // A repeated name keeps its last value, as JSON.parse does with a repeated key.
  return { ok: true, encoding, batch: false, records: [Object.fromEntries(entries)] };
}

function rejected(error: string, ...issues: Issue[]): Decoded {
  return { ok: false, reason: 'malformed', error, issues };
}
