import { createHash, timingSafeEqual } from 'node:crypto';

/** One accepted credential. During a rotation two are active: the new one and `previous`. */
export interface Credential {
  token?: string;
  user?: string;
  password?: string;
}

export type Presented =
  | { scheme: 'token'; token: string }
  | { scheme: 'basic'; user: string; password: string }
  | { scheme: 'none' };

/**
 * What the request presents. The sender cannot sign, only add static headers, so three forms
 * are accepted: `Authorization: Basic base64(user:password)`, `Authorization: Bearer <token>`
 * and `X-Webhook-Token: <token>`. Header names arrive lower-cased (API Gateway payload 2.0);
 * the scheme is matched without regard to case, as RFC 9110 says.
 */
export function presentedCredential(
  headers: Readonly<Record<string, string | undefined>>,
): Presented {
  const authorization = headers.authorization?.trim();
  if (authorization !== undefined && authorization !== '') {
    const [scheme = '', ...rest] = authorization.split(/\s+/);
    const value = rest.join(' ');
    if (scheme.toLowerCase() === 'bearer' && value !== '') return { scheme: 'token', token: value };
    if (scheme.toLowerCase() === 'basic' && value !== '') {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon > 0) {
        return {
          scheme: 'basic',
          user: decoded.slice(0, colon),
          password: decoded.slice(colon + 1),
        };
      }
    }
  }
  const token = headers['x-webhook-token']?.trim();
  if (token !== undefined && token !== '') return { scheme: 'token', token };
  return { scheme: 'none' };
}

/** Equal-length digests compared in constant time: neither content nor length leaks. */
function sameSecret(presented: string, expected: string | undefined): boolean {
  if (expected === undefined || expected === '') return false;
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** True when the presented credential matches any active one; every candidate is compared. */
export function isAuthorized(presented: Presented, active: readonly Credential[]): boolean {
  let authorized = false;
  for (const credential of active) {
    if (presented.scheme === 'token') {
      authorized = sameSecret(presented.token, credential.token) || authorized;
    } else if (presented.scheme === 'basic') {
      const user = sameSecret(presented.user, credential.user);
      const password = sameSecret(presented.password, credential.password);
      authorized = (user && password) || authorized;
    }
  }
  return authorized;
}
