import type { Envelope } from '../../lambdas/events/envelope';

/**
 * One readable line per event for `npm run tail`: when it happened, its kind, the agent, and the
 * state change or the call, e.g.
 * `2026-03-02T08:00:05.000Z  agent.state   agent 1369900  AVAILABLE -> ENGAGED (Ringing)  call 2026...`
 */
export function tailLine(event: Envelope): string {
  const agent = event.agentId === undefined ? 'no agent' : `agent ${event.agentId}`;
  const head = `${event.occurredAt}  ${event.kind.padEnd(12)}  ${agent.padEnd(14)}`;
  switch (event.kind) {
    case 'agent.login':
    case 'agent.logout':
      return `${head}  login ${event.agentLoginId}`;
    case 'agent.state': {
      const { prevState, state, auxState, callId } = event.data;
      const aux = auxState === '' ? '' : ` (${auxState})`;
      return `${head}  ${prevState} -> ${state}${aux}${callId === undefined ? '' : `  call ${callId}`}`;
    }
    case 'call.ended': {
      const { callId, callState, direction, gateName, gateId, callDuration } = event.data;
      const queue = gateName ?? gateId;
      return [
        `${head}  call ${callId} ${callState} ${direction}`,
        queue === undefined ? '' : ` queue ${queue}`,
        callDuration === undefined ? '' : ` ${callDuration}s`,
      ].join('');
    }
    default:
      // A kind newer than this tool: still one line, with what every envelope has.
      return `${head}  ${(event as { eventId: string }).eventId}`;
  }
}

/** The SNS filter policy `npm run tail` subscribes with, from its flags (no flag: every event). */
export function tailFilter(flags: {
  kind?: string[];
  account?: string[];
  'event-type'?: string[];
}): Record<string, string[]> {
  const filter: Record<string, string[]> = {};
  if (flags.kind?.length) filter.kind = flags.kind;
  if (flags['event-type']?.length) filter.eventType = flags['event-type'];
  if (flags.account?.length) filter.accountId = flags.account;
  return filter;
}
