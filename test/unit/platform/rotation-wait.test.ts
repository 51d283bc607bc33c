import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROTATION_WAIT_SECONDS,
  SECRET_CACHE_MS,
  SECRETS_EXTENSION_TTL_SECONDS,
} from '../../../lambdas/platform/credentials';

const deployGuide = readFileSync(join(__dirname, '..', '..', '..', 'docs', 'deploy.md'), 'utf8');
const rotation = deployGuide.slice(deployGuide.indexOf('## Rotate the credential'));
const readTokenRotation = deployGuide.slice(
  deployGuide.indexOf('## Rotate the read token'),
  deployGuide.indexOf('## Rotate the credential'),
);

describe('the documented rotation', () => {
  it('waits as long as an instance may still hold the old secret, as configured', () => {
    const [, wait] = /Wait (\d+) seconds\./.exec(rotation) ?? [];
    expect(Number(wait)).toBe(ROTATION_WAIT_SECONDS);
    // Both caches, one after the other, and the margin on top.
    expect(ROTATION_WAIT_SECONDS).toBeGreaterThan(
      SECRETS_EXTENSION_TTL_SECONDS + SECRET_CACHE_MS / 1000,
    );
  });

  it('names each cache with the duration it is configured with', () => {
    expect(rotation).toContain(`for up to ${SECRETS_EXTENSION_TTL_SECONDS} s`);
    expect(rotation).toContain(`for up to ${SECRET_CACHE_MS / 1000} s more`);
    expect(rotation).toContain(`within the same ${ROTATION_WAIT_SECONDS} seconds`);
  });

  it('waits as long for the read token, which the read function holds through the same caches', () => {
    expect(readTokenRotation).toContain(`Wait ${ROTATION_WAIT_SECONDS} seconds:`);
    expect(readTokenRotation).toContain(`within ${ROTATION_WAIT_SECONDS} seconds.`);
  });
});
