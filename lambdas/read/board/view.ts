import { activityLabel, BOARD_ACTIVITIES, showsCall } from './activities';
import type { AgentRow } from './agents-response';
import { clockDuration, isoDuration, secondsInStateNow } from './durations';

/** The element with this id, of this type, or a clear error: the page and script ship together. */
export function element<T extends Element>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return found;
}

function part<T extends Element>(root: ParentNode, selector: string, type: { new (): T }): T {
  const found = root.querySelector(selector);
  if (!(found instanceof type)) throw new Error(`a tile has no ${selector}`);
  return found;
}

function cloneTemplate(template: HTMLTemplateElement): HTMLLIElement {
  return part(template.content.cloneNode(true) as DocumentFragment, 'li', HTMLLIElement);
}

/** The big numbers at the top: agents per activity, in the activities' display order. */
export class CountsView {
  private readonly items = new Map<string, { item: HTMLElement; value: HTMLElement }>();

  constructor(list: HTMLUListElement, template: HTMLTemplateElement) {
    for (const activity of BOARD_ACTIVITIES) {
      const item = cloneTemplate(template);
      item.dataset.activity = activity;
      part(item, '.count-label', HTMLElement).textContent = activityLabel(activity);
      this.items.set(activity, { item, value: part(item, '.count-value', HTMLElement) });
      list.append(item);
    }
  }

  show(counts: ReadonlyMap<string, number>): void {
    for (const [activity, { item, value }] of this.items) {
      const count = counts.get(activity) ?? 0;
      setText(value, String(count));
      // Dimmed zeros let the activities that have agents stand out from across the room.
      item.dataset.zero = String(count === 0);
    }
  }
}

interface Tile {
  readonly root: HTMLLIElement;
  readonly name: HTMLElement;
  readonly activity: HTMLElement;
  readonly time: HTMLTimeElement;
  readonly state: HTMLElement;
  readonly call: HTMLElement;
  readonly meta: HTMLElement;
  secondsAtAnswer: number;
}

/**
 * One tile per agent, keyed by login session: a tile is updated in place and moved, never
 * rebuilt, so nothing flickers on a wall screen and assistive technology keeps its place.
 */
export class AgentTilesView {
  private readonly tiles = new Map<string, Tile>();
  private answeredAtMs = 0;

  constructor(
    private readonly list: HTMLUListElement,
    private readonly template: HTMLTemplateElement,
  ) {}

  /** Shows these agents in this order; `answeredAtMs` is when their answer arrived. */
  show(agents: readonly AgentRow[], answeredAtMs: number, nowMs: number): void {
    this.answeredAtMs = answeredAtMs;
    const shown = new Set<string>();
    agents.forEach((agent, index) => {
      shown.add(agent.agentLoginId);
      const tile = this.tiles.get(agent.agentLoginId) ?? this.create(agent.agentLoginId);
      fill(tile, agent);
      const there = this.list.children[index];
      if (there !== tile.root) this.list.insertBefore(tile.root, there ?? null);
    });
    for (const [id, tile] of this.tiles) {
      if (shown.has(id)) continue;
      tile.root.remove();
      this.tiles.delete(id);
    }
    this.tick(nowMs);
  }

  /** Moves every time in state on to `nowMs` (a `performance.now()` reading). */
  tick(nowMs: number): void {
    for (const tile of this.tiles.values()) {
      const seconds = secondsInStateNow(tile.secondsAtAnswer, this.answeredAtMs, nowMs);
      if (setText(tile.time, clockDuration(seconds))) tile.time.dateTime = isoDuration(seconds);
    }
  }

  private create(agentLoginId: string): Tile {
    const root = cloneTemplate(this.template);
    root.dataset.agent = agentLoginId;
    const tile: Tile = {
      root,
      name: part(root, '.agent-name', HTMLElement),
      activity: part(root, '.activity', HTMLElement),
      time: part(root, 'time', HTMLTimeElement),
      state: part(root, '.agent-state', HTMLElement),
      call: part(root, '.agent-call', HTMLElement),
      meta: part(root, '.agent-meta', HTMLElement),
      secondsAtAnswer: 0,
    };
    this.tiles.set(agentLoginId, tile);
    return tile;
  }
}

function fill(tile: Tile, agent: AgentRow): void {
  const name = agent.username || agent.agentId;
  tile.root.dataset.activity = agent.activity;
  tile.root.dataset.stale = String(agent.stale);
  setText(tile.name, name);
  tile.name.title = name;
  setText(tile.activity, activityLabel(agent.activity));
  setText(tile.state, agent.auxState ? `${agent.state} · ${agent.auxState}` : agent.state);
  const call = showsCall(agent.activity) ? agent.currentCallId : undefined;
  tile.call.hidden = !call;
  setText(tile.call, call ? `Call ${call}` : '');
  const where = `Agent ${agent.agentId} · Account ${agent.accountId}`;
  setText(tile.meta, agent.stale ? `Stale: no event since ${dateTime(agent.lastEventAt)}` : where);
  tile.secondsAtAnswer = agent.secondsInState;
}

/** Sets the text only when it changed (so a tick rewrites only the clocks that moved). */
function setText(node: HTMLElement, text: string): boolean {
  if (node.textContent === text) return false;
  node.textContent = text;
  return true;
}

/** A time of day in the viewer's locale, with seconds. */
export function timeOfDay(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function dateTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
