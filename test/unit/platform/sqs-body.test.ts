import fc from 'fast-check';
import { toSqsBody } from '../../../lambdas/platform/sqs-body';

const SQS_ALLOWED = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD]*$/;

describe('message bodies SQS accepts', () => {
  it('escapes every character SQS refuses and keeps the same JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: 'binary' }), (value, text) => {
        const payload = { value, text, forbidden: '\u0000\u0008\uFFFE\uFFFF𐀀😀' };
        const body = toSqsBody(payload);
        expect(SQS_ALLOWED.test(body)).toBe(true);
        expect(JSON.parse(body)).toEqual(JSON.parse(JSON.stringify(payload)));
      }),
      { numRuns: 500 },
    );
  });
});
