import { Metrics } from '@aws-lambda-powertools/metrics';
import { SERVICE_NAME } from './logger';

/** Kept apart from the logger so that a function without metrics does not bundle them. */
export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'EngageWfmForwarder',
  serviceName: SERVICE_NAME,
});
