import type { HttpHandler } from '../../bin/local/api-gateway';
import { type LocalApi, startLocalApi } from '../../bin/local/api-gateway';

export const TEST_TOKEN = 'integration-token-0123456789';
export const TEST_USER = 'engage';
export const TEST_PASSWORD = 'integration-password';

/**
 * The real ingest handler, loaded fresh with the given environment (it reads its configuration
 * and creates its clients at import, as in Lambda), served by the local API Gateway.
 */
export async function startIngestApi(env: Record<string, string>): Promise<LocalApi> {
  Object.assign(process.env, {
    WEBHOOK_TOKEN: TEST_TOKEN,
    WEBHOOK_USER: TEST_USER,
    WEBHOOK_PASSWORD: TEST_PASSWORD,
    ...env,
  });
  let handler: HttpHandler | undefined;
  await jest.isolateModulesAsync(async () => {
    ({ handler } = await import('../../lambdas/ingest/handler'));
  });
  if (handler === undefined) throw new Error('ingest handler did not load');
  return startLocalApi(handler);
}
