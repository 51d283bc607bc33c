import { Logger } from '@aws-lambda-powertools/logger';
import { redactForLog } from './redact';
import { SERVICE_NAME } from './telemetry';

/** One logger per process; every line is JSON and passes through the personal-data redactor. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE_NAME,
  jsonReplacerFn: redactForLog,
});
