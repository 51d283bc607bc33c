import {
  cachedSecretSource,
  credentialsFromEnv,
  credentialsOfSecret,
  SECRET_CACHE_MS,
} from '../../../lambdas/platform/credentials';

const secret = JSON.stringify({ token: 'a'.repeat(32), user: 'engage', password: 'p'.repeat(16) });

describe('the credential sources', () => {
  it('reads the secret and caches it for SECRET_CACHE_MS, keeping the last good value', async () => {
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

  it('uses the generated token as the Basic password, and engage as the user, unless the secret sets them', () => {
    const token = 't'.repeat(40);
    expect(credentialsOfSecret(JSON.stringify({ user: 'engage', token }))).toEqual([
      { user: 'engage', token, password: token },
    ]);
    expect(credentialsOfSecret(JSON.stringify({ token }))).toEqual([
      { user: 'engage', token, password: token },
    ]);
    expect(
      credentialsOfSecret(JSON.stringify({ token, user: 'wfm', password: 'p'.repeat(12) })),
    ).toEqual([{ user: 'wfm', token, password: 'p'.repeat(12) }]);
  });

  it('refuses a secret with weak or missing values, naming the part and never the value', () => {
    expect(() => credentialsOfSecret('{"token":"short-secret"}')).toThrow(
      "the credential secret's value.token must be text of at least 16 characters",
    );
    const weakPrevious = JSON.stringify({ ...JSON.parse(secret), previous: { password: 7 } });
    expect(() => credentialsOfSecret(weakPrevious)).toThrow(
      "the credential secret's previous.password must be text of at least 8 characters",
    );
    expect(() => credentialsOfSecret('["a-token-0123456789"]')).toThrow(
      "the credential secret's value must be an object",
    );
    expect(() => credentialsOfSecret('not json')).toThrow();
  });

  it('keeps only the parts of a credential, and the previous one beside the current', () => {
    const current = { token: 'c'.repeat(20), user: 'engage', password: 'p'.repeat(8) };
    const previous = { token: 'o'.repeat(20), note: 'rotated in March' };
    expect(credentialsOfSecret(JSON.stringify({ ...current, rotatedBy: 'ops', previous }))).toEqual(
      [current, { token: previous.token, user: 'engage', password: previous.token }],
    );
  });

  it('takes the local credential from the environment, by the same Basic rule', async () => {
    expect(credentialsFromEnv({})).toBeUndefined();
    expect(credentialsFromEnv({ WEBHOOK_USER: 'u' })).toBeUndefined();
    const source = credentialsFromEnv({ WEBHOOK_TOKEN: 't' });
    expect(await source?.()).toEqual([{ token: 't', user: 'engage', password: 't' }]);
    const own = credentialsFromEnv({
      WEBHOOK_TOKEN: 't',
      WEBHOOK_USER: 'u',
      WEBHOOK_PASSWORD: 'p',
    });
    expect(await own?.()).toEqual([{ token: 't', user: 'u', password: 'p' }]);
  });
});

describe('the Parameters and Secrets extension source', () => {
  it('asks the extension for the secret with the session token and reads its JSON', async () => {
    const { createServer } = await import('node:http');
    const seen: { url?: string; token?: string }[] = [];
    const server = createServer((request, response) => {
      seen.push({
        url: request.url,
        token: request.headers['x-aws-parameters-secrets-token'] as string,
      });
      response.end(JSON.stringify({ SecretString: secret }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const { secretsExtensionSource } = await import('../../../lambdas/platform/credentials');
      const source = secretsExtensionSource('arn:aws:secretsmanager:x:1:secret:webhook', {
        PARAMETERS_SECRETS_EXTENSION_HTTP_PORT: String(port),
        AWS_SESSION_TOKEN: 'session',
      });
      expect(await source()).toEqual([
        { token: 'a'.repeat(32), user: 'engage', password: 'p'.repeat(16) },
      ]);
      expect(seen).toEqual([
        {
          url: '/secretsmanager/get?secretId=arn%3Aaws%3Asecretsmanager%3Ax%3A1%3Asecret%3Awebhook',
          token: 'session',
        },
      ]);
    } finally {
      server.close();
    }
  });
});
