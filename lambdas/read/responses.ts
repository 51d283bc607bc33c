import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** The read function's answers: JSON that no cache keeps (the figures change by the second). */
export type ReadAnswer = APIGatewayProxyStructuredResultV2 & { statusCode: number };

export function json(statusCode: number, body: unknown): ReadAnswer {
  return {
    statusCode,
    headers: {
      'content-type': 'application/json',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body: JSON.stringify(body),
  };
}

export const ok = (body: unknown) => json(200, body);

/** 200 with CSV, for WFM tools to import; `filename` names the download. */
export function csv(body: string, filename: string): ReadAnswer {
  return {
    statusCode: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

/** 400: the parameter named and why, in the shape every refusal of the API has. */
export const invalidParameter = (parameter: string, reason: string) =>
  json(400, { error: 'invalid parameter', issues: [{ path: parameter, message: reason }] });

export const notFound = (parameter: string, reason: string) =>
  json(404, { error: 'not found', issues: [{ path: parameter, message: reason }] });

export const unauthorized = () =>
  json(401, {
    error: 'unauthorized',
    issues: [{ path: 'authorization', message: 'send Authorization: Bearer <read token>' }],
  });

/** 5xx answers say no more than this: the details are in the logs, not with the caller. */
export const unavailable = () => json(503, { error: 'temporarily unavailable: try again' });

export const internalError = () => json(500, { error: 'internal error' });
