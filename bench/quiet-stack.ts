import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type LocalStack,
  type LocalStackOptions,
  localCredential,
  startLocalStack,
} from '../bin/local/stack';

/**
 * A local stack of its own for one measurement, on a free port and a fresh data directory
 * named from `prefix`, whose handlers log only errors and emit no metrics, so that neither
 * weighs on the figures. `extra` adds the options a measurement needs besides.
 */
export function startQuietStack(
  prefix: string,
  extra: Omit<LocalStackOptions, 'port' | 'credential' | 'dataDir' | 'env'> = {},
): Promise<LocalStack> {
  return startLocalStack({
    port: 0,
    credential: localCredential(),
    dataDir: mkdtempSync(join(tmpdir(), prefix)),
    ...extra,
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' },
  });
}
