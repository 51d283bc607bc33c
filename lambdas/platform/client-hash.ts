import { createHmac } from 'node:crypto';

/**
 * A client's address as a log line may carry it: 16 hex digits of an HMAC-SHA256 keyed with a
 * salt of the deployment's own. The same address always gives the same hash within a
 * deployment, so the 401s of one misconfigured sender can be told from a flood of many clients;
 * the address itself (personal data) is never logged, and the hash of another deployment differs.
 */
export function clientHash(address: string, salt: string): string {
  return createHmac('sha256', salt).update(address).digest('hex').slice(0, 16);
}
