import { readableCallOf } from '../../calls/readable-call';
import { TTL_ATTRIBUTE } from '../../platform/resources';
import { noQueryParameters, pathParameter } from '../parameters';
import { notFound, ok } from '../responses';
import type { RouteAnswer } from '../route';

/** `GET /v1/calls/{callId}`: the call record (`calls/readable-call.ts`) and its `expiresAt`. */
export const showCall: RouteAnswer = async (request, dependencies) => {
  noQueryParameters(request.rawQueryString);
  const callId = pathParameter(request.pathParameters, 'callId');
  const item = await dependencies.calls.call(callId);
  if (item === undefined) return notFound('callId', 'no call with this id');
  const expiresAt = item[TTL_ATTRIBUTE];
  return ok({ ...readableCallOf(item), ...(expiresAt === undefined ? {} : { expiresAt }) });
};
