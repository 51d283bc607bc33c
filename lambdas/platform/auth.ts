import { createHash, timingSafeEqual } from 'node:crypto';
import { boundedMemo } from '../events/bounded-memo';

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

const digest = (secret: string): Buffer => createHash('sha256').update(secret).digest();

/** The active secrets change only on rotation: each one's digest is computed once. */
const expectedDigest = boundedMemo(digest, 16);

/** Equal-length digests compared in constant time: neither content nor length leaks. */
function sameSecret(presented: Buffer, expected: string | undefined): boolean {
  if (expected === undefined || expected === '') return false;
  return timingSafeEqual(presented, expectedDigest(expected));
}

/** True when the presented credential matches any active one; every candidate is compared. */
export function isAuthorized(presented: Presented, active: readonly Credential[]): boolean {
  let authorized = false;
  if (presented.scheme === 'token') {
    const token = digest(presented.token);
    for (const credential of active) {
      authorized = sameSecret(token, credential.token) || authorized;
    }
  } else if (presented.scheme === 'basic') {
    const user = digest(presented.user);
    const password = digest(presented.password);
    for (const credential of active) {
      const userMatches = sameSecret(user, credential.user);
      const passwordMatches = sameSecret(password, credential.password);
      authorized = (userMatches && passwordMatches) || authorized;
    }
  }
  return authorized;
}
