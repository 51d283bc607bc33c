import { isDeepStrictEqual } from 'node:util';
import { envelopeOfMessage, UnstorableMessage } from '../../../lambdas/store/queue-message';
import { sampleDay } from '../../../samples/sample-day';
import { envelopeOf, interpretRequest } from '../../support/contract';
import { vendorStateEvents } from '../../support/scenarios';
import { vendorExamples } from '../../support/vendor-fixtures';

const [envelope] = vendorStateEvents();

const rejection = async (body: string) => {
  try {
    await envelopeOfMessage(body);
  } catch (error) {
    if (error instanceof UnstorableMessage) return { reason: error.reason, fields: error.fields };
    throw error;
  }
  throw new Error('accepted');
};

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
].map((made) => JSON.stringify(made));

describe('envelopeOfMessage', () => {
  it('reads an envelope the contract made', async () => {
    expect(await envelopeOfMessage(JSON.stringify(envelope))).toEqual(envelope);
  });

  it('reads every envelope the contract makes, as it was queued', async () => {
    expect(made.length).toBeGreaterThan(2_000);
    const read = await Promise.all(made.map(envelopeOfMessage));
    const misread = made.filter((body, index) => !isDeepStrictEqual(read[index], JSON.parse(body)));
    expect(misread).toEqual([]);
    expect(new Set(made.map((body) => JSON.parse(body).kind)).size).toBe(4);
  });

  it('refuses a body that is not JSON', async () => {
    expect(await rejection('{"schemaVersion":')).toEqual({
      reason: 'body is not JSON',
      fields: [],
    });
  });

  it('refuses an unknown schema version, saying which', async () => {
    expect(await rejection(JSON.stringify({ ...envelope, schemaVersion: 2 }))).toEqual({
      reason: 'unknown schemaVersion 2, this store reads 1',
      fields: ['schemaVersion'],
    });
    expect((await rejection('[]')).reason).toBe(
      'unknown schemaVersion undefined, this store reads 1',
    );
  });

  it('names the invalid fields, never their values', async () => {
    const body = JSON.stringify({ ...envelope, eventId: 'secret@example.test', occurredAt: 'x' });
    const { reason, fields } = await rejection(body);
    expect(fields).toEqual(expect.arrayContaining(['eventId', 'occurredAt']));
    expect(reason).toMatch(/^envelope is invalid: /);
    expect(reason).not.toContain('secret');
  });
});
