import * as z from 'zod/mini';

/** Where RingCentral's platform (the JWT grant) and RingCX (token exchange, API) answer. */
export const DEFAULT_PLATFORM_URL = 'https://platform.ringcentral.com';
export const DEFAULT_RINGCX_URL = 'https://ringcx.ringcentral.com';

/**
 * Sub-accounts one run reconciles at most: one request each, well within RingCX's 120 real-time
 * requests a minute, and all answered (or timed out) within the function's minute.
 */
export const MAX_SUB_ACCOUNTS = 20;

/** https, or http on this machine only (a local fake standing in for RingCentral). */
function isAllowedBaseUrl(text: string): boolean {
  try {
    const url = new URL(text);
    if (url.search !== '' || url.hash !== '') return false;
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

const secretText = z.string().check(z.minLength(1));
const baseUrl = z
  .string()
  .check(
    z.refine(isAllowedBaseUrl, 'expected an https URL without query (http only on 127.0.0.1)'),
  );

/**
 * The reconciliation secret (context `ringcxCredentialsSecretArn`; locally `RINGCX_CREDENTIALS`):
 * a RingCentral app's client id and secret with a JWT credential of a user who may read RingCX's
 * real-time data, the RingCX sub-accounts to reconcile, and optionally other base URLs.
 */
export const RingCxCredentials = z.object({
  clientId: secretText,
  clientSecret: secretText,
  jwt: secretText,
  subAccountIds: z
    .array(
      z
        .string()
        .check(
          z.regex(
            /^[A-Za-z0-9_-]{1,64}$/,
            'expected a sub-account id: 1 to 64 letters, digits, _ or -',
          ),
        ),
    )
    .check(z.minLength(1), z.maxLength(MAX_SUB_ACCOUNTS)),
  platformUrl: z._default(baseUrl, DEFAULT_PLATFORM_URL),
  ringcxUrl: z._default(baseUrl, DEFAULT_RINGCX_URL),
});
export type RingCxCredentials = z.infer<typeof RingCxCredentials>;

/** Reads the secret's JSON, or throws naming the field that is wrong (never a value). */
export function ringCxCredentialsOf(secretString: string): RingCxCredentials {
  let json: unknown;
  try {
    json = JSON.parse(secretString);
  } catch {
    throw new Error('the RingCX credentials are not JSON');
  }
  const result = RingCxCredentials.safeParse(json);
  if (result.success) return result.data;
  throw new Error(`the RingCX credentials' ${firstIssue(result.error, 'the secret')}`);
}

/** `path: message` of a parse's first issue (paths and zod's messages hold no values). */
export function firstIssue(error: z.core.$ZodError, whole: string): string {
  const [issue] = error.issues;
  return `${issue?.path.map(String).join('.') || whole}: ${issue?.message ?? 'invalid'}`;
}
