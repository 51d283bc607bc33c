import {
  generatedCredential,
  type Handlers,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../bin/local/stack';

/** The handler sources through jest's module system (jest cannot import the ESM bundles). */
async function loadSourceHandlers(): Promise<Handlers> {
  let handlers: Handlers | undefined;
  await jest.isolateModulesAsync(async () => {
    const [ingest, store] = await Promise.all([
      import('../../lambdas/ingest/handler'),
      import('../../lambdas/store/handler'),
    ]);
    handlers = { ingest: ingest.handler, store: store.handler };
  });
  if (handlers === undefined) throw new Error('handlers did not load');
  return handlers;
}

const KEPT = ['AWS_ENDPOINT_URL_SQS', 'AWS_ENDPOINT_URL_DYNAMODB'] as const;

/**
 * A whole local stack of the test's own (its own emulators, free ports, failures retried after
 * one second); the shared emulator endpoints are restored when it stops.
 */
export async function startTestStack(
  options: Partial<LocalStackOptions> = {},
): Promise<LocalStack> {
  const saved = Object.fromEntries(KEPT.map((name) => [name, process.env[name]]));
  const stack = await startLocalStack({
    port: 0,
    credential: generatedCredential(),
    retryAfterSeconds: 1,
    loadHandlers: loadSourceHandlers,
    ...options,
    env: {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
      SOURCE_TIME_ZONE: 'UTC',
      ...options.env,
    },
  });
  return {
    ...stack,
    stop: async () => {
      await stack.stop();
      Object.assign(process.env, saved);
    },
  };
}
