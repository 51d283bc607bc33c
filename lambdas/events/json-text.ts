/**
 * JSON text read without recursion, before or instead of JSON.parse: how deep it nests (a body
 * nested thousands of levels deep parses, but overflows the stack of whatever walks it next:
 * hashing, serializing), and where it first breaks the grammar (V8 names no position for some
 * errors, e.g. `"event_type": AVAILABLE}`). Both walk the text once with an explicit stack.
 */

/**
 * Deepest nesting of arrays and objects a JSON body may have (a batch's own array counts as one
 * level): an event's fields are flat, and this leaves room for any nested extra field.
 */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

/** Fewer than `limit` opening brackets in all cannot nest deeper than `limit`: no walk needed. */
function fewerOpenersThan(text: string, limit: number): boolean {
  let openers = 0;
  for (const opener of ['{', '[']) {
    for (let at = text.indexOf(opener); at !== -1; at = text.indexOf(opener, at + 1)) {
      openers += 1;
      if (openers >= limit) return false;
    }
  }
  return true;
}

/**
 * The offset of the first bracket that opens a level deeper than `maxDepth`, or undefined when
 * the text never nests that deep. Brackets inside strings do not count; the text need not be
 * valid JSON.
 */
export function depthExceededAt(text: string, maxDepth = MAX_JSON_DEPTH): number | undefined {
  if (fewerOpenersThan(text, maxDepth + 1)) return undefined;
  let depth = 0;
  let inString = false;
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (inString) {
      if (code === BACKSLASH) at += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      depth += 1;
      if (depth > maxDepth) return at;
    } else if (code === CLOSE_OBJECT || code === CLOSE_ARRAY) {
      depth -= 1;
    }
  }
  return undefined;
}

/** A position past a token, or the position of what broke it. */
type Scanned = { end: number } | { errorAt: number };

const isWhitespace = (code: number) =>
  code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
const isDigit = (code: number) => code >= 0x30 && code <= 0x39;
const isHexDigit = (code: number) =>
  isDigit(code) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
const ESCAPABLE = new Set([...'"\\/bfnrtu'].map((character) => character.charCodeAt(0)));

function skipWhitespace(text: string, at: number): number {
  while (at < text.length && isWhitespace(text.charCodeAt(at))) at += 1;
  return at;
}

function scanString(text: string, start: number): Scanned {
  for (let at = start + 1; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if (code === QUOTE) return { end: at + 1 };
    if (code < 0x20) return { errorAt: at };
    if (code === BACKSLASH) {
      at += 1;
      if (!ESCAPABLE.has(text.charCodeAt(at))) return { errorAt: at };
      if (text.charCodeAt(at) === 0x75) {
        for (let digit = 1; digit <= 4; digit++) {
          if (!isHexDigit(text.charCodeAt(at + digit))) return { errorAt: at + digit };
        }
        at += 4;
      }
    }
  }
  return { errorAt: text.length };
}

function scanDigits(text: string, at: number): Scanned {
  if (!isDigit(text.charCodeAt(at))) return { errorAt: at };
  while (isDigit(text.charCodeAt(at))) at += 1;
  return { end: at };
}

function scanNumber(text: string, start: number): Scanned {
  let at = start;
  if (text.charCodeAt(at) === 0x2d) at += 1;
  // A leading zero stands alone: whatever digit follows breaks the grammar after it.
  let scanned: Scanned = text.charCodeAt(at) === 0x30 ? { end: at + 1 } : scanDigits(text, at);
  if ('errorAt' in scanned) return scanned;
  at = scanned.end;
  if (text.charCodeAt(at) === 0x2e) {
    scanned = scanDigits(text, at + 1);
    if ('errorAt' in scanned) return scanned;
    at = scanned.end;
  }
  const exponent = text.charCodeAt(at);
  if (exponent === 0x65 || exponent === 0x45) {
    at += 1;
    const sign = text.charCodeAt(at);
    if (sign === 0x2b || sign === 0x2d) at += 1;
    return scanDigits(text, at);
  }
  return { end: at };
}

function scanScalar(text: string, start: number): Scanned {
  const code = text.charCodeAt(start);
  if (code === QUOTE) return scanString(text, start);
  if (code === 0x2d || isDigit(code)) return scanNumber(text, start);
  for (const literal of ['true', 'false', 'null']) {
    if (literal.charCodeAt(0) !== code) continue;
    for (let index = 1; index < literal.length; index++) {
      if (text.charCodeAt(start + index) !== literal.charCodeAt(index)) {
        return { errorAt: start + index };
      }
    }
    return { end: start + literal.length };
  }
  return { errorAt: start };
}

/** What the grammar allows next. */
type Expect =
  | 'value'
  | 'value-or-array-end'
  | 'key-or-object-end'
  | 'key'
  | 'colon'
  | 'after-value';

/**
 * The offset of the first character that breaks the JSON grammar (the text's length when it
 * ends too soon), or undefined when the text is valid JSON. It agrees with the positions V8's
 * JSON.parse names, and finds one where V8 names none.
 */
export function syntaxErrorAt(text: string): number | undefined {
  const open: number[] = [];
  let expect: Expect = 'value';
  let at = 0;
  for (;;) {
    at = skipWhitespace(text, at);
    if (at >= text.length) {
      return open.length === 0 && expect === 'after-value' ? undefined : text.length;
    }
    const code = text.charCodeAt(at);
    if (expect === 'after-value') {
      const container = open[open.length - 1];
      if (container === undefined) return at;
      if (code === COMMA) {
        expect = container === OPEN_OBJECT ? 'key' : 'value';
        at += 1;
      } else if (code === (container === OPEN_OBJECT ? CLOSE_OBJECT : CLOSE_ARRAY)) {
        open.pop();
        at += 1;
      } else {
        return at;
      }
    } else if (expect === 'colon') {
      if (code !== COLON) return at;
      expect = 'value';
      at += 1;
    } else if (expect === 'key-or-object-end' && code === CLOSE_OBJECT) {
      open.pop();
      expect = 'after-value';
      at += 1;
    } else if (expect === 'value-or-array-end' && code === CLOSE_ARRAY) {
      open.pop();
      expect = 'after-value';
      at += 1;
    } else if (expect === 'key' || expect === 'key-or-object-end') {
      if (code !== QUOTE) return at;
      const key = scanString(text, at);
      if ('errorAt' in key) return key.errorAt;
      expect = 'colon';
      at = key.end;
    } else if (code === OPEN_OBJECT || code === OPEN_ARRAY) {
      open.push(code);
      expect = code === OPEN_OBJECT ? 'key-or-object-end' : 'value-or-array-end';
      at += 1;
    } else {
      const scalar = scanScalar(text, at);
      if ('errorAt' in scalar) return scalar.errorAt;
      expect = 'after-value';
      at = scalar.end;
    }
  }
}

/** Line and column (both from 1) of an offset, as an editor shows them. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < offset; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
