import { isFieldObject } from '../events/canonical';
import type { Credential } from './auth';

/**
 * Where the shared credential comes from: Secrets Manager in AWS (cached for a short time so a
 * rotation takes effect within ROTATION_WAIT_SECONDS), the environment in the local stack.
 */
export type CredentialSource = () => Promise<readonly Credential[]>;

/** Shortest value the secret may hold for each part of a credential. */
const MIN_LENGTHS = { token: 16, user: 1, password: 8 } as const;

/**
 * One credential of the secret, each part optional but, when present, text of at least its
 * minimum length. Errors name the part, never a value.
 */
function credentialOf(value: unknown, where: string): Credential {
  if (!isFieldObject(value)) {
    throw new Error(`the credential secret's ${where} must be an object`);
  }
  const credential: Credential = {};
  for (const [part, minLength] of Object.entries(MIN_LENGTHS) as [keyof Credential, number][]) {
    const text = value[part];
    if (text === undefined) continue;
    if (typeof text !== 'string' || text.length < minLength) {
      throw new Error(
        `the credential secret's ${where}.${part} must be text of at least ${minLength} characters`,
      );
    }
    credential[part] = text;
  }
  return credential;
}

/** The Basic user when the secret (or locally WEBHOOK_USER) names none. */
export const DEFAULT_BASIC_USER = 'engage';

/**
 * One rule for Basic, deployed and local: the user is `engage` and the password the token,
 * unless the credential sets its own (`curl -u engage:$TOKEN` works everywhere).
 */
const withBasicDefaults = (credential: Credential): Credential => ({
  ...credential,
  user: credential.user ?? DEFAULT_BASIC_USER,
  password: credential.password ?? credential.token,
});

/** The secret's JSON: the current credential and, while rotating, the `previous` one. */
export function credentialsOfSecret(secretString: string): Credential[] {
  const secret: unknown = JSON.parse(secretString);
  const current = credentialOf(secret, 'value');
  const previous = (secret as { previous?: unknown }).previous;
  return (previous === undefined ? [current] : [current, credentialOf(previous, 'previous')]).map(
    withBasicDefaults,
  );
}

/** The local stack's credential: WEBHOOK_TOKEN, and WEBHOOK_USER / WEBHOOK_PASSWORD if set. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv): CredentialSource | undefined {
  const token = env.WEBHOOK_TOKEN || undefined;
  const password = env.WEBHOOK_PASSWORD || undefined;
  if (token === undefined && password === undefined) return undefined;
  const credentials = [withBasicDefaults({ token, user: env.WEBHOOK_USER || undefined, password })];
  return async () => credentials;
}

/**
 * How long the Parameters and Secrets extension serves the secret from its cache
 * (SECRETS_MANAGER_TTL, set by the stack). Short, so that a rotation takes effect promptly; it
 * costs one GetSecretValue per instance and interval while the instance is busy.
 */
export const SECRETS_EXTENSION_TTL_SECONDS = 30;

/**
 * How long ingest keeps what it read from the extension: a request needs no local HTTP call
 * to the extension while it lasts.
 */
export const SECRET_CACHE_MS = 15_000;

/**
 * Room on top of the two caches: a request that read the old credential just before they
 * expired is still being answered, and Secrets Manager takes a few seconds to serve a new
 * version everywhere.
 */
const ROTATION_MARGIN_SECONDS = 15;

/**
 * How long after the secret changes an ingest instance may still answer by the old value, at
 * the longest: the extension's cache, then ingest's own, then the margin. docs/deploy.md's
 * rotation steps wait this long (a test holds the two together).
 */
export const ROTATION_WAIT_SECONDS =
  SECRETS_EXTENSION_TTL_SECONDS + SECRET_CACHE_MS / 1000 + ROTATION_MARGIN_SECONDS;

/** Reads the secret at most once per SECRET_CACHE_MS; a failed read keeps the last good value. */
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

/**
 * Secrets Manager through the AWS Parameters and Secrets Lambda Extension (a layer the stack
 * adds): a local HTTP call instead of an SDK client, which keeps the Secrets Manager client out
 * of the bundle and the cold start, and lets the extension cache and refresh the secret.
 */
export function secretsExtensionSource(
  secretArn: string,
  env: NodeJS.ProcessEnv = process.env,
): CredentialSource {
  return cachedSecretSource(secretThroughExtension(secretArn, env));
}

/** Reads the secret's string through the Parameters and Secrets extension, at every call. */
export function secretThroughExtension(
  secretArn: string,
  env: NodeJS.ProcessEnv = process.env,
): () => Promise<string> {
  const port = env.PARAMETERS_SECRETS_EXTENSION_HTTP_PORT ?? '2773';
  const url = `http://localhost:${port}/secretsmanager/get?secretId=${encodeURIComponent(secretArn)}`;
  return async () => {
    const response = await fetch(url, {
      headers: { 'X-Aws-Parameters-Secrets-Token': env.AWS_SESSION_TOKEN ?? '' },
      signal: AbortSignal.timeout(2_000),
    });
    if (!response.ok) throw new Error(`secrets extension answered ${response.status}`);
    const { SecretString } = (await response.json()) as { SecretString?: string };
    if (SecretString === undefined) throw new Error('the secret has no string value');
    return SecretString;
  };
}

/** A credential that is one token, from one environment variable (the read token locally). */
export function tokenFromEnv(
  name: string,
  env: NodeJS.ProcessEnv = process.env,
): CredentialSource | undefined {
  const token = env[name] || undefined;
  if (token === undefined) return undefined;
  const credentials = [{ token }];
  return async () => credentials;
}
