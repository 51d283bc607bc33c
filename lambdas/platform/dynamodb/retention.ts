/**
 * TTL (epoch seconds): `retentionDays` after the later of when the item's newest event happened
 * and when the item is written. Counted from the event alone, an event older than the retention
 * (a replay, a backfill, a sender whose clock is off) would be stored already expired and
 * deleted by the next TTL sweep. A later write may push it further: like `updatedAt`, it is not
 * part of convergence.
 */
export function expiresAtFor(eventAt: string, writtenAt: Date, retentionDays: number): number {
  const fromMs = Math.max(Date.parse(eventAt), writtenAt.getTime());
  return Math.floor(fromMs / 1000) + retentionDays * 86_400;
}

/** What a write takes from the wall clock: its own time, and the TTL it gives the item. */
export class WriteClock {
  constructor(
    private readonly retentionDays: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A write now of an item whose newest event happened at `eventAt` (now, when unknown). */
  stamp(eventAt: string | undefined): { writtenAt: string; expiresAt: number } {
    const now = this.now();
    const writtenAt = now.toISOString();
    return { writtenAt, expiresAt: expiresAtFor(eventAt ?? writtenAt, now, this.retentionDays) };
  }
}
