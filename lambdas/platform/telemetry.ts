/**
 * The service name and metric namespace every function logs and counts under, defined once: the
 * stack hands them to Powertools' environment and the dashboard reads the metrics by them.
 */
export const SERVICE_NAME = 'engage-wfm-forwarder';
export const METRIC_NAMESPACE = 'EngageWfmForwarder';
