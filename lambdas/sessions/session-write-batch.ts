import type { Item } from '../items/item';
import { mergeSessionUpdates, type SessionUpdate } from './session-update';

export interface SessionWriter {
  apply(update: SessionUpdate): Promise<Item>;
}

/** What one record sees: its session writes, and a release for when the record is done. */
export interface RecordSessionWriter extends SessionWriter {
  /** Always call once the record is done; if it never applied an update, it drops out. */
  release(): void;
}

interface Pending {
  expected: number;
  settled: number;
  merged?: SessionUpdate;
  waiters: { update: SessionUpdate; settle: (result: Promise<Item>) => void }[];
}

/**
 * The session writes of one batch, folded into one per session. The same-second pairs of a
 * session (LOGIN then AVAILABLE, TRANSITION then ENGAGED) are sent back to back and mostly arrive
 * in one batch; folding their updates saves a read and a write each, and the merged update has
 * the effect of applying them one after the other. Every record that will write a session is
 * announced up front; the write goes out once each of them has applied its update or dropped
 * out (failed before it got there), and each applier gets the item as it stands after it. If
 * the shared write fails, each record writes its own update, so a fault tied to one record
 * still fails only that record. Records must be processed in parallel, or the first applier
 * would wait for the others forever.
 */
export class SessionWriteBatch {
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly sessions: SessionWriter,
    agentLoginIds: readonly string[],
  ) {
    for (const agentLoginId of agentLoginIds) this.entry(agentLoginId).expected += 1;
  }

  /** The writer for one announced record of `agentLoginId`. */
  forRecord(agentLoginId: string): RecordSessionWriter {
    let done = false;
    return {
      apply: (update) => {
        // A second update from one record (or a foreign session) is written on its own.
        if (done || update.agentLoginId !== agentLoginId) return this.sessions.apply(update);
        done = true;
        return this.submit(update);
      },
      release: () => {
        if (done) return;
        done = true;
        this.settle(this.entry(agentLoginId), agentLoginId);
      },
    };
  }

  private submit(update: SessionUpdate): Promise<Item> {
    const entry = this.entry(update.agentLoginId);
    entry.merged = entry.merged === undefined ? update : mergeSessionUpdates(entry.merged, update);
    const result = new Promise<Item>((resolve) => entry.waiters.push({ update, settle: resolve }));
    this.settle(entry, update.agentLoginId);
    return result;
  }

  private settle(entry: Pending, agentLoginId: string): void {
    entry.settled += 1;
    if (entry.settled < entry.expected || entry.merged === undefined) return;
    this.pending.delete(agentLoginId);
    const { merged, waiters } = entry;
    const shared = waiters.length > 1 ? this.sessions.apply(merged) : undefined;
    for (const waiter of waiters) {
      waiter.settle(
        shared === undefined
          ? this.sessions.apply(waiter.update)
          : shared.catch(() => this.sessions.apply(waiter.update)),
      );
    }
  }

  private entry(agentLoginId: string): Pending {
    let entry = this.pending.get(agentLoginId);
    if (entry === undefined) {
      entry = { expected: 0, settled: 0, waiters: [] };
      this.pending.set(agentLoginId, entry);
    }
    return entry;
  }
}
