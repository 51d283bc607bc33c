import * as z from 'zod/mini';

/**
 * The part of `GET /v1/agents`'s answer the board reads. Unknown fields are dropped and an
 * activity the board does not know yet is kept as text, so a newer API does not break an open
 * board. zod's tree-shakable build keeps the page small.
 */
export const AgentRow = z.object({
  agentLoginId: z.string(),
  accountId: z.string(),
  agentId: z.string(),
  username: z.optional(z.string()),
  state: z.string(),
  auxState: z.optional(z.string()),
  activity: z.string(),
  since: z.string(),
  secondsInState: z.number().check(z.nonnegative()),
  currentCallId: z.optional(z.string()),
  lastEventAt: z.string(),
  stale: z.boolean(),
});
export type AgentRow = z.infer<typeof AgentRow>;

export const AgentsResponse = z.object({
  asOf: z.string(),
  agents: z.array(AgentRow),
});
export type AgentsResponse = z.infer<typeof AgentsResponse>;

/** Reads an answer of `GET /v1/agents`, or throws naming the first field that is wrong. */
export function readAgentsResponse(json: unknown): AgentsResponse {
  const result = AgentsResponse.safeParse(json);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  const path = issue?.path.map(String).join('.') || 'the answer';
  throw new Error(`unexpected answer: ${path}: ${issue?.message ?? 'invalid'}`);
}
