import {
  cachedSecretSource,
  credentialsFromEnv,
  credentialsOfSecret,
  SECRET_CACHE_MS,
} from '../../../lambdas/ingest/credentials';

const secret = JSON.stringify({ token: 'a'.repeat(32), user: 'engage', password: 'p'.repeat(16) });

describe('the credential sources', () => {
  it('reads the secret and caches it for a minute, keeping the last good value', async () => {
    let reads = 0;
    let clock = 0;
    let failing = false;
    const source = cachedSecretSource(
      async () => {
        reads += 1;
        if (failing) throw new Error('Secrets Manager unreachable');
        return secret;
      },
      () => clock,
    );
    expect(await source()).toEqual([
      { token: 'a'.repeat(32), user: 'engage', password: 'p'.repeat(16) },
    ]);
    clock = SECRET_CACHE_MS - 1;
    await source();
    expect(reads).toBe(1);
    clock = SECRET_CACHE_MS;
    failing = true;
    expect(await source()).toHaveLength(1);
    expect(reads).toBe(2);
  });

  it('fails when the first read fails, so the request is answered 503', async () => {
    const source = cachedSecretSource(async () => {
      throw new Error('down');
    });
    await expect(source()).rejects.toThrow('down');
  });

  it('refuses a secret with weak or missing values', () => {
    expect(() => credentialsOfSecret('{"token":"short"}')).toThrow();
    expect(() => credentialsOfSecret('not json')).toThrow();
  });

  it('takes the local credential from the environment', async () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ WEBHOOK_USER: 'u' })).toBeUndefined();
    const source = credentialsFromEnv({ WEBHOOK_TOKEN: 't' });
    expect(await source?.()).toEqual([{ token: 't', user: undefined, password: undefined }]);
  });
});
