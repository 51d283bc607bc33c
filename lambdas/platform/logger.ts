import { Logger } from '@aws-lambda-powertools/logger';
import { redactForLog } from './redact';

export const SERVICE_NAME = process.env.POWERTOOLS_SERVICE_NAME ?? 'engage-wfm-forwarder';

/** One logger per process; every line is JSON and passes through the personal-data redactor. */
export const logger = new Logger({ serviceName: SERVICE_NAME, jsonReplacerFn: redactForLog });
