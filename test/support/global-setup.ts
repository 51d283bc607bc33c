import { emulatorEnvironment, startEmulators } from '../../bin/local/emulators';

/**
 * Starts one SQS emulator and one DynamoDB Local for the integration tests. Workers start after
 * this and inherit the environment, so the SDK's own endpoint variables point every client at
 * the emulators; each suite then provisions its own resources (see resources.ts).
 */
export default async function globalSetup(): Promise<void> {
  // Node 20 is supported by the SDK versions pinned here; its notice about Node 22 is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const emulators = await startEmulators();
  Object.assign(process.env, {
    ...emulatorEnvironment(emulators),
    // Keep Powertools quiet and free of the X-Ray/metrics plumbing a Lambda would have.
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  (globalThis as { emulators?: typeof emulators }).emulators = emulators;
}
