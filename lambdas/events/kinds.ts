/** The contract's constants, apart from the zod schema so that using them builds no schema. */
export const SCHEMA_VERSION = 1 as const;

export const EVENT_KINDS = ['agent.login', 'agent.logout', 'agent.state', 'call.ended'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export const CALL_TYPES = ['ACD', 'VPD'] as const;

/** Why the stack inferred a logout that no sender sent. */
export const INFERRED_REASONS = ['stale', 'reconciled'] as const;
export type InferredReason = (typeof INFERRED_REASONS)[number];
