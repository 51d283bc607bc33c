/** `0:07`, `4:05`, `1:02:03`: minutes and seconds, hours once there are any. */
export function clockDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  return `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
}

/** The same duration as ISO 8601 (`PT1H2M3S`), for a `<time datetime>`. */
export function isoDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${s || (!h && !m) ? `${s}S` : ''}`;
}

/**
 * Seconds in state now: the API's figure at `asOf` plus the time elapsed since the answer
 * arrived, measured on this machine's monotonic clock so a wrong wall clock cannot skew it.
 */
export function secondsInStateNow(secondsAtAnswer: number, answeredAtMs: number, nowMs: number) {
  return secondsAtAnswer + Math.max(0, Math.floor((nowMs - answeredAtMs) / 1000));
}
