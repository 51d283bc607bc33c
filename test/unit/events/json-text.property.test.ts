import fc from 'fast-check';
import { decodeRequest } from '../../../lambdas/events/decode';
import {
  depthExceededAt,
  lineAndColumn,
  MAX_JSON_DEPTH,
  syntaxErrorAt,
} from '../../../lambdas/events/json-text';
import { vendorEvent } from '../../support/vendor-fixtures';

/** The position V8's JSON.parse names in its error, if any. */
function v8Position(text: string): number | 'valid' | undefined {
  try {
    JSON.parse(text);
    return 'valid';
  } catch (error) {
    const named = /at position (\d+)/.exec((error as Error).message)?.[1];
    return named === undefined ? undefined : Number(named);
  }
}

/** Deepest nesting of arrays and objects, the obvious recursive way (for small values). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(depthOf));
}

/** A JSON text broken in one random way: a character dropped, replaced, added, or a cut. */
const malformed = fc
  .tuple(
    fc.oneof(
      fc.json({ depthSize: 'small' }),
      fc.constant(JSON.stringify(vendorEvent('state-4-engaged'), null, 2)),
    ),
    fc.nat(),
    fc.constantFrom('drop', 'replace', 'insert', 'cut'),
    fc.constantFrom(
      'A',
      '}',
      ']',
      '{',
      '[',
      ',',
      ':',
      '"',
      '\\',
      '\u0001',
      '0',
      '-',
      'e',
      ' ',
      'x',
    ),
  )
  .map(([text, at, how, character]) => {
    const index = at % (text.length + 1);
    switch (how) {
      case 'drop':
        return text.slice(0, index) + text.slice(index + 1);
      case 'replace':
        return text.slice(0, index) + character + text.slice(index + 1);
      case 'insert':
        return text.slice(0, index) + character + text.slice(index);
      default:
        return text.slice(0, index);
    }
  })
  .filter((text) => v8Position(text) !== 'valid');

describe('reading JSON text without recursion', () => {
  it('finds no error in valid JSON', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        expect(syntaxErrorAt(text)).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });

  it('finds the position V8 names for every malformation where it names one, and one where it does not', () => {
    fc.assert(
      fc.property(malformed, (text) => {
        const found = syntaxErrorAt(text);
        expect(found).toBeDefined();
        const named = v8Position(text);
        if (typeof named === 'number') expect(found).toBe(named);
      }),
      { numRuns: 2000 },
    );
  });

  it('answers every malformed body with its line and column', () => {
    fc.assert(
      fc.property(malformed, (text) => {
        // A body that is not JSON-looking is read as form fields instead: only JSON ones here.
        const body = /^\s*[[{]/.test(text) ? text : `{${text}`;
        if (v8Position(body) === 'valid') return;
        const decoded = decodeRequest({ body, contentType: 'application/json' });
        expect(decoded.ok).toBe(false);
        if (decoded.ok) return;
        expect(decoded.issues[0]?.message).toMatch(/\(line \d+ column \d+\)$/);
      }),
      { numRuns: 1000 },
    );
  });

  it('names the line and column of a bare word where V8 names nothing', () => {
    const body = '{\n  "agent_id": "1369310",\n  "event_type": AVAILABLE}';
    const decoded = decodeRequest({ body, contentType: 'application/json' });
    expect(decoded).toMatchObject({
      ok: false,
      reason: 'malformed',
      issues: [
        {
          path: 'body',
          message: expect.stringMatching(/at position 43 \(line 3 column 17\)$/),
        },
      ],
    });
    expect(lineAndColumn(body, 43)).toEqual({ line: 3, column: 17 });
    expect(body[43]).toBe('A');
  });

  it('measures nesting as a recursive walk would, without one', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 12 }), fc.nat({ max: 12 }), (value, limit) => {
        const text = JSON.stringify(value);
        const exceeded = depthExceededAt(text, limit);
        expect(exceeded !== undefined).toBe(depthOf(value) > limit);
        if (exceeded !== undefined) expect('[{').toContain(text[exceeded]);
      }),
      { numRuns: 1000 },
    );
  });

  it('walks 100,000 levels of nesting without a stack', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(depthExceededAt(deep)).toBe(MAX_JSON_DEPTH);
    expect(syntaxErrorAt(deep)).toBeUndefined();
    // Brackets inside strings do not count.
    expect(depthExceededAt(JSON.stringify({ text: '['.repeat(100) }))).toBeUndefined();
  });
});
