/**
 * Prints, as JSON, every offset change of every zone the runtime knows from 2000 to 2040:
 * `[zone, firstInstantMs, previousOffsetMinutes, offsetMinutes]`. Found through Date's own zone
 * rules (process.env.TZ, which must be set in a process of its own), sampled daily (finer than
 * lambdas/events/local-time.ts samples) and narrowed to the second: a second account of the
 * zone data, independent of how local-time.ts reads it through Intl.
 */
const FROM = Date.UTC(2000, 0, 1);
const UNTIL = Date.UTC(2041, 0, 1);
const STEP_MS = 86_400_000;

const changes = [];
const zones = Intl.supportedValuesOf('timeZone');
for (const zone of zones) {
  process.env.TZ = zone;
  const offsetAt = (epochMs) => -new Date(epochMs).getTimezoneOffset();
  let previousAt = FROM;
  let previous = offsetAt(FROM);
  for (let at = FROM + STEP_MS; at <= UNTIL; at += STEP_MS) {
    const offset = offsetAt(at);
    if (offset !== previous) {
      let low = previousAt;
      let high = at;
      while (high - low > 1_000) {
        const middle = low + Math.floor((high - low) / 2_000) * 1_000;
        if (offsetAt(middle) === previous) low = middle;
        else high = middle;
      }
      changes.push([zone, high, previous, offset]);
      previous = offset;
    }
    previousAt = at;
  }
}
process.stdout.write(JSON.stringify({ zones, changes }));
