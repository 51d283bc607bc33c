import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { clientOptions } from './client-options';

/** Created once per process and reused by every invocation. */
export const secretsManager = new SecretsManagerClient(clientOptions);
