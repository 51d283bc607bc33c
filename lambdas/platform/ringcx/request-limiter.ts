/** RingCX's real-time endpoints take at most 120 requests a minute (per account). */
export const REALTIME_REQUESTS_PER_MINUTE = 120;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * At most `limit` requests in any `windowMs` (a sliding window over the requests' start times):
 * `take()` resolves at once while there is room, else once the oldest request leaves the window.
 * Kept per function instance, so a warm instance's runs count together.
 */
export class RequestLimiter {
  private readonly started: number[] = [];

  constructor(
    private readonly limit = REALTIME_REQUESTS_PER_MINUTE,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = sleepFor,
  ) {}

  async take(): Promise<void> {
    for (;;) {
      const now = this.now();
      while (this.started.length > 0 && (this.started[0] as number) <= now - this.windowMs) {
        this.started.shift();
      }
      if (this.started.length < this.limit) {
        this.started.push(now);
        return;
      }
      await this.sleep((this.started[0] as number) + this.windowMs - now);
    }
  }
}
