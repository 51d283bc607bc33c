import { z } from 'zod';
import type { Credential } from './auth';

/**
 * Where the shared credential comes from: Secrets Manager in AWS (cached for a short time so a
 * rotation takes effect within a minute), the environment in the local stack.
 */
export type CredentialSource = () => Promise<readonly Credential[]>;

const credentialSchema = z.object({
  token: z.string().min(16).optional(),
  user: z.string().min(1).optional(),
  password: z.string().min(8).optional(),
});

/** The secret's JSON: the current credential and, while rotating, the `previous` one. */
export const secretSchema = credentialSchema.extend({ previous: credentialSchema.optional() });

export function credentialsOfSecret(secretString: string): Credential[] {
  const secret = secretSchema.parse(JSON.parse(secretString));
  const { previous, ...current } = secret;
  return previous === undefined ? [current] : [current, previous];
}

export function credentialsFromEnv(env: NodeJS.ProcessEnv): CredentialSource | undefined {
  const token = env.WEBHOOK_TOKEN || undefined;
  const user = env.WEBHOOK_USER || undefined;
  const password = env.WEBHOOK_PASSWORD || undefined;
  if (token === undefined && (user === undefined || password === undefined)) return undefined;
  const credentials = [{ token, user, password }];
  return async () => credentials;
}

export const SECRET_CACHE_MS = 60_000;

/** Reads the secret at most once a minute; a failed read keeps the last good value. */
export function cachedSecretSource(
  read: () => Promise<string>,
  now: () => number = Date.now,
): CredentialSource {
  let cached: { credentials: Credential[]; at: number } | undefined;
  return async () => {
    if (cached !== undefined && now() - cached.at < SECRET_CACHE_MS) return cached.credentials;
    try {
      cached = { credentials: credentialsOfSecret(await read()), at: now() };
    } catch (error) {
      if (cached === undefined) throw error;
      // Keep serving the last good credential and ask again after the next interval.
      cached.at = now();
    }
    return cached.credentials;
  };
}

/** Secrets Manager, loaded only when used: the local stack and tests never import its client. */
export function secretsManagerSource(secretArn: string): CredentialSource {
  return cachedSecretSource(async () => {
    const [{ GetSecretValueCommand }, { secretsManager }] = await Promise.all([
      import('@aws-sdk/client-secrets-manager'),
      import('../platform/secrets'),
    ]);
    const { SecretString } = await secretsManager.send(
      new GetSecretValueCommand({ SecretId: secretArn }),
    );
    if (SecretString === undefined) throw new Error('the credential secret has no string value');
    return SecretString;
  });
}
