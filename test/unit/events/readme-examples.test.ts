import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VENDOR_FIXTURES_DIR } from '../../support/vendor-fixtures';

const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
// The README's JSON blocks show envelopes and read-side answers; envelopes are the ones with an eventId.
const examples = [...readme.matchAll(/```json\n([\s\S]*?)```/g)]
  .map((match) => JSON.parse(match[1] ?? ''))
  .filter((block) => 'eventId' in block);
const expectedDir = join(VENDOR_FIXTURES_DIR, 'expected');
const expected = readdirSync(expectedDir).map((file) =>
  JSON.parse(readFileSync(join(expectedDir, file), 'utf8')),
);

describe('the envelope examples in the README', () => {
  it('show one example of each documented kind', () => {
    expect(examples.map((example) => example.kind)).toEqual([
      'agent.login',
      'agent.state',
      'call.ended',
    ]);
  });

  it.each(examples.map((example) => [example.kind, example]))(
    'the %s example matches what the contract produces',
    (_kind, example) => {
      const produced = expected.find((envelope) => envelope.eventId === example.eventId);
      expect(produced).toBeDefined();
      const { raw: _shownRaw, ...shown } = example;
      const { raw: _producedRaw, ...rest } = produced;
      expect(shown).toEqual(rest);
    },
  );
});
