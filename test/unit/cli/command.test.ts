import { flags, instant, UsageError, wholeNumber } from '../../../bin/cli/command';

describe('command-line values', () => {
  it('takes whole numbers and refuses anything else by the flag name', () => {
    expect(wholeNumber('25', 'limit')).toBe(25);
    expect(wholeNumber('0', 'rate', 0)).toBe(0);
    for (const bad of ['abc', '', '1.5', '-3', '1e3', '0x10', '99999999999999999999']) {
      expect(() => wholeNumber(bad, 'limit')).toThrow(UsageError);
    }
    expect(() => wholeNumber('abc', 'limit')).toThrow(
      '--limit must be a whole number of at least 1, got "abc"',
    );
    expect(() => wholeNumber('0', 'limit')).toThrow(UsageError);
  });

  it('takes ISO-8601 times (a date alone is its midnight UTC) as the tables write them', () => {
    expect(instant('2026-03-02', 'from')).toBe('2026-03-02T00:00:00.000Z');
    expect(instant('2026-03-02T14:00:00Z', 'to')).toBe('2026-03-02T14:00:00.000Z');
    expect(instant('2026-03-02T15:00:00+01:00', 'to')).toBe('2026-03-02T14:00:00.000Z');
    for (const bad of ['yesterday', '03/02/2026', '2026-13-45', '1700000000']) {
      expect(() => instant(bad, 'from')).toThrow(/^--from must be an ISO-8601 time/);
    }
  });

  it("turns parseArgs' refusals into usage errors", () => {
    const parse = (args: string[]) =>
      flags({ args, options: { limit: { type: 'string' } }, allowPositionals: true });
    expect(parse(['x', '--limit', '3']).values.limit).toBe('3');
    expect(() => parse(['--limt', '3'])).toThrow(UsageError);
    expect(() => parse(['--limit'])).toThrow(UsageError);
  });
});
