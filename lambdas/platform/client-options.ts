/**
 * Shared AWS SDK client settings. Endpoints come from the SDK's own variables
 * (`AWS_ENDPOINT_URL_SQS`, `AWS_ENDPOINT_URL_DYNAMODB`, ...), which the local stack and the
 * tests set to the emulators. Timeouts are short so that a request with retries stays far
 * below API Gateway's 30 s limit; without `throwOnRequestTimeout` the SDK only warns about a
 * request past its timeout and keeps waiting (the load test's frozen SQS found that).
 */
export const clientOptions = {
  maxAttempts: 3,
  retryMode: 'standard',
  requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000, throwOnRequestTimeout: true },
} as const;
