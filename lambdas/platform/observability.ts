import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { redactForLog } from './redact';

const SERVICE = 'engage-wfm-forwarder';

/** One logger per process; every line is JSON and passes through the personal-data redactor. */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
  jsonReplacerFn: redactForLog,
});

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'EngageWfmForwarder',
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
});
