import { envelopeSchema } from '../../../lambdas/events';
import { interpretRequest } from '../../support/contract';
import { expectedEnvelope, vendorExamples } from '../../support/vendor-fixtures';

const CHICAGO = { defaultZone: 'America/Chicago', byAccount: {} };
const examples = vendorExamples();

describe('the vendor document examples', () => {
  it('are all present as fixtures', () => {
    expect(examples.map((example) => example.name)).toEqual([
      'call-inbound-answered',
      'call-inbound-deflected',
      'login',
      'logout',
      'state-1-login-to-available',
      'state-2-available-aux',
      'state-3-transition',
      'state-3-transition',
      'state-4-engaged',
    ]);
  });

  it.each(examples.filter((example) => !example.malformed))(
    '$name normalizes to its reviewed envelope',
    ({ name, body }) => {
      const { results } = interpretRequest({ body, contentType: 'application/json' }, CHICAGO);
      expect(results).toHaveLength(1);
      const result = results[0];
      if (!result?.ok) throw new Error(`refused: ${JSON.stringify(result)}`);
      expect(envelopeSchema.parse(result.event)).toEqual(result.event);
      expect(result.event).toEqual(expectedEnvelope(name));
    },
  );

  it('classifies each example to its kind', () => {
    const kinds = examples
      .filter((example) => !example.malformed)
      .map(({ body }) => {
        const result = interpretRequest({ body }).results[0];
        return result?.ok ? result.event.kind : 'refused';
      });
    expect(kinds).toEqual([
      'call.ended',
      'call.ended',
      'agent.login',
      'agent.logout',
      'agent.state',
      'agent.state',
      'agent.state',
      'agent.state',
    ]);
  });

  it('rejects the example with the missing comma, naming line and column', () => {
    const malformed = examples.find((example) => example.malformed);
    const { decoded } = interpretRequest({ body: malformed?.body ?? '' });
    expect(decoded).toEqual({
      ok: false,
      reason: 'malformed',
      error: 'malformed JSON body',
      issues: [
        {
          path: 'body',
          message: expect.stringMatching(/position 87 .*line 5 column 3/),
        },
      ],
    });
  });
});
