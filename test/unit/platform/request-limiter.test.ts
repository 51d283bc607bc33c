import { RequestLimiter } from '../../../lambdas/platform/ringcx/request-limiter';

/** A clock that moves only when the limiter sleeps. */
function fakeTime() {
  const time = { now: 1_000_000, slept: [] as number[] };
  const sleep = async (ms: number) => {
    time.slept.push(ms);
    time.now += ms;
  };
  return { time, now: () => time.now, sleep };
}

describe('the request limiter', () => {
  it('lets the limit through at once, then waits until the oldest request leaves the window', async () => {
    const { time, now, sleep } = fakeTime();
    const limiter = new RequestLimiter(3, 60_000, now, sleep);
    for (let request = 0; request < 3; request++) {
      await limiter.take();
      time.now += 10_000;
    }
    expect(time.slept).toEqual([]);
    // At +30 s: the first request (at 0) leaves the window at +60 s, the second at +70 s.
    await limiter.take();
    expect(time.slept).toEqual([30_000]);
    await limiter.take();
    expect(time.slept).toEqual([30_000, 10_000]);
  });

  it('defaults to RingCX real-time limit of 120 a minute', async () => {
    const { time, now, sleep } = fakeTime();
    const limiter = new RequestLimiter(undefined, undefined, now, sleep);
    for (let request = 0; request < 120; request++) await limiter.take();
    expect(time.slept).toEqual([]);
    await limiter.take();
    expect(time.slept).toEqual([60_000]);
  });
});
