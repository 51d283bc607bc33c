import { definedOnly, type Item, type ItemValue, mapOf, numberOf, textOf } from '../items/item';
import { readableCallOf } from './readable-call';

/**
 * What the read side reads of a call item (docs/tables.md, calls). `monitoredBy` is the list of
 * the monitors' login ids, whichever shape the item keeps them in.
 */
export interface StoredCall {
  readonly callId: string;
  readonly accountId?: string;
  /** From the end-call: `ACD` or `VPD`. */
  readonly callType?: string;
  /** From the end-call; absent while it has not arrived (`inferred`). */
  readonly callState?: string;
  readonly callStart: string;
  readonly queueDuration?: number;
  readonly gateId?: string;
  readonly gateName?: string;
  readonly agentId?: string;
  /** Login session of the handling agent, when the handler's engagement is known. */
  readonly agentLoginId?: string;
  readonly engagedAt?: string;
  readonly talkSeconds?: number;
  readonly afterCallWorkSeconds?: number;
  readonly monitoredBy?: readonly string[];
}

/**
 * Whether the agent on this login handles the call (rather than listening in). It does unless
 * the call's record shows otherwise: the login is among the call's monitors, or the record names
 * another handling login, or, while the handler's engagement is not known, the end-call names
 * another agent or none (nobody handled a deflected or abandoned call). A call with no record
 * yet (in progress, no end-call) is taken to be handled by whoever is on it: a call reaches its
 * agent before anyone can listen in.
 */
export function isHandledBy(
  call: StoredCall | undefined,
  agent: { readonly agentLoginId: string; readonly agentId: string },
): boolean {
  if (call === undefined) return true;
  if (call.monitoredBy?.includes(agent.agentLoginId)) return false;
  return call.agentLoginId === undefined
    ? call.agentId === agent.agentId
    : call.agentLoginId === agent.agentLoginId;
}

/** The call an item holds, whichever shape it was stored in (`readable-call.ts`). */
export function storedCallOf(item: Item): StoredCall {
  const call = readableCallOf(item);
  const monitors = mapOf(call, 'monitoredBy');
  const values: Record<string, ItemValue | undefined> = {
    ...Object.fromEntries(TEXT.map((name) => [name, textOf(call, name)])),
    ...Object.fromEntries(NUMBERS.map((name) => [name, numberOf(call, name)])),
    monitoredBy: monitors === undefined ? undefined : Object.keys(monitors).sort(),
  };
  return definedOnly(values) as unknown as StoredCall;
}

const TEXT = [
  'callId',
  'accountId',
  'callType',
  'callState',
  'callStart',
  'gateId',
  'gateName',
  'agentId',
  'agentLoginId',
  'engagedAt',
] as const satisfies readonly (keyof StoredCall)[];
const NUMBERS = [
  'queueDuration',
  'talkSeconds',
  'afterCallWorkSeconds',
] as const satisfies readonly (keyof StoredCall)[];
