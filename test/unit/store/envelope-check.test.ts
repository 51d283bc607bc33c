import fc from 'fast-check';
import { envelopeSchema } from '../../../lambdas/events/envelope';
import { isPlainEnvelope } from '../../../lambdas/store/envelope-check';
import { sampleDay } from '../../../samples/sample-day';
import { envelopeOf, interpretRequest } from '../../support/contract';
import { vendorExamples } from '../../support/vendor-fixtures';

/** Every envelope the contract makes from the vendor examples and the sample day, as queued. */
const made = [
  ...vendorExamples()
    .filter((example) => !example.malformed)
    .flatMap(
      (example) =>
        interpretRequest({ body: example.body, contentType: 'application/json' }).results,
    )
    .flatMap((result) => (result.ok ? [result.event] : [])),
  // Batch index, DST flags, custom states and both call types all occur in the sample day.
  ...sampleDay().map((fields) =>
    envelopeOf(fields, { defaultZone: 'America/New_York', byAccount: {} }),
  ),
].map((envelope) => JSON.parse(JSON.stringify(envelope)) as Record<string, unknown>);

const awkward = fc.oneof(
  fc.constantFrom(
    undefined,
    null,
    '',
    ' ',
    'x',
    0,
    -1,
    1.5,
    2 ** 53,
    true,
    false,
    [],
    {},
    'ACD',
    'inbound',
    'agent.state',
    '2026-02-30T00:00:00.000Z',
    '2026-03-02T08:00:00Z',
    '2026-03-02T08:00:00.000Z',
    '0123456789abcdef0123456789abcdef',
    // What JSON.parse makes of 1e999.
    Number.POSITIVE_INFINITY,
    { nested: [1, Number.NEGATIVE_INFINITY] },
  ),
  fc.jsonValue(),
);

/** A copy of `envelope` with the value at `path` replaced (undefined: removed). */
function withValue(envelope: Record<string, unknown>, path: string[], value: unknown) {
  const copy = structuredClone(envelope);
  let target: Record<string, unknown> = copy;
  for (const key of path.slice(0, -1)) {
    const next = target[key];
    if (typeof next !== 'object' || next === null) return copy;
    target = next as Record<string, unknown>;
  }
  const last = path.at(-1) as string;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}

const pathsOf = (envelope: Record<string, unknown>) => [
  ...Object.keys(envelope).map((key) => [key]),
  ...Object.keys(envelope.data as object).map((key) => ['data', key]),
  ...Object.keys(envelope.transport as object).map((key) => ['transport', key]),
  ['unknown'],
  ['data', 'unknown'],
  ['transport', 'route'],
  ['transport', 'batchIndex'],
  ['data', 'occurredAtShifted'],
  ['raw', 'unknown'],
  ['data', 'extra', 'unknown'],
];

describe('the plain envelope checks', () => {
  it('pass every envelope the contract makes', () => {
    expect(made.length).toBeGreaterThan(2_000);
    expect(made.filter((envelope) => !isPlainEnvelope(envelope))).toEqual([]);
    expect(new Set(made.map((envelope) => envelope.kind)).size).toBe(4);
  });

  it('pass only what the schema passes, and exactly as the schema returns it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...made).chain((envelope) =>
          fc.tuple(
            fc.constant(envelope),
            fc.array(fc.tuple(fc.constantFrom(...pathsOf(envelope)), awkward), {
              minLength: 1,
              maxLength: 3,
            }),
          ),
        ),
        ([envelope, changes]) => {
          const changed = changes.reduce(
            (current, [path, value]) => withValue(current, path, value),
            envelope,
          );
          if (!isPlainEnvelope(changed)) return;
          const result = envelopeSchema.safeParse(changed);
          expect(result.success).toBe(true);
          expect(result.data).toEqual(changed);
        },
      ),
      { numRuns: 3_000 },
    );
  });
});
