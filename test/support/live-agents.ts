import type { LocalEndpoints } from '../../bin/cli/endpoints';
import { deliver, routeFor } from '../../bin/cli/sender';

/**
 * Events in the vendor's field format stamped at times relative to now, for tests of what the
 * read side shows of agents at work (the local stack reads `date_time` in UTC). Each agent keeps
 * its state so every state event names the state it leaves, as the sender's do.
 */

/** `date_time` / `call_start` as the sender writes them: zone-less, whole seconds. */
export function senderTime(at: Date): string {
  return at.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * Times counted back from this whole second, fixed when called, so the events of one test keep
 * their spacing however long sending them takes: `ago(30)` is 30 s before it.
 */
export function secondsBeforeNow(): (seconds: number) => Date {
  const anchorMs = Math.floor(Date.now() / 1000) * 1000;
  return (seconds) => new Date(anchorMs - seconds * 1000);
}

export interface AgentIdentity {
  readonly accountId: string;
  readonly agentId: string;
  readonly agentLoginId: string;
  readonly username?: string;
}

export class LiveAgent {
  private state = 'LOGIN';
  private aux = '';
  private since: Date | undefined;

  constructor(readonly identity: AgentIdentity) {}

  login(at: Date): Record<string, unknown> {
    this.since = at;
    return { ...this.fields(), event_type: 'LOGIN', date_time: senderTime(at), duration: '0' };
  }

  logout(at: Date): Record<string, unknown> {
    return { ...this.fields(), event_type: 'LOGOUT', date_time: senderTime(at), duration: '0' };
  }

  /** A state event entering `state` (and `aux`), on `callId` when given. */
  move(at: Date, state: string, aux = '', callId?: string): Record<string, unknown> {
    const event = {
      ...this.fields(),
      prev_state: this.state,
      prev_aux_state: this.aux,
      event_type: state,
      event_aux_type: aux,
      date_time: senderTime(at),
      duration: String(Math.round((at.getTime() - (this.since ?? at).getTime()) / 1000)),
      pending_disp: '0',
      ...(callId === undefined
        ? {}
        : {
            call_id: callId,
            call_source_id: '72992',
            call_source_name: 'Sales',
            call_type: 'ACD',
          }),
    };
    this.state = state;
    this.aux = aux;
    this.since = at;
    return event;
  }

  private fields(): Record<string, unknown> {
    const { accountId, agentId, agentLoginId, username } = this.identity;
    return {
      account_id: accountId,
      agent_id: agentId,
      agent_login_id: agentLoginId,
      ...(username === undefined ? {} : { username }),
    };
  }
}

/** An inbound call's end-call event. */
export function endCall(call: {
  readonly accountId: string;
  readonly callId: string;
  readonly gateId: string;
  readonly start: Date;
  readonly seconds: number;
  readonly agentId?: string;
  readonly callState?: string;
}): Record<string, unknown> {
  return {
    account_id: call.accountId,
    event_type: 'ACD-CALL',
    call_id: call.callId,
    call_state: call.callState ?? (call.agentId === undefined ? 'ABANDONED' : 'ANSWERED'),
    call_start: senderTime(call.start),
    call_duration: String(call.seconds),
    queue_duration: '4',
    gate_id: call.gateId,
    gate_name: 'Sales',
    ...(call.agentId === undefined ? {} : { agent_id: call.agentId }),
  };
}

/** Posts the events one after the other as the sender does; every one must be accepted. */
export async function sendEvents(
  endpoints: Pick<LocalEndpoints, 'apiUrl' | 'token'>,
  events: readonly Record<string, unknown>[],
): Promise<void> {
  for (const event of events) {
    const { status, body } = await deliver(
      endpoints.apiUrl,
      routeFor(event),
      endpoints.token,
      event,
      'json',
    );
    if (status !== 202) throw new Error(`event refused (${status}): ${JSON.stringify(body)}`);
  }
}
