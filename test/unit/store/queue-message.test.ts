import { envelopeOfMessage, UnstorableMessage } from '../../../lambdas/store/queue-message';
import { vendorStateEvents } from '../../support/scenarios';

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

describe('envelopeOfMessage', () => {
  it('reads an envelope the contract made', async () => {
    expect(await envelopeOfMessage(JSON.stringify(envelope))).toEqual(envelope);
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
