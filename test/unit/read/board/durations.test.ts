import {
  clockDuration,
  isoDuration,
  secondsInStateNow,
} from '../../../../lambdas/read/board/durations';

describe('time in state on the board', () => {
  it.each([
    [0, '0:00', 'PT0S'],
    [7, '0:07', 'PT7S'],
    [65, '1:05', 'PT1M5S'],
    [600, '10:00', 'PT10M'],
    [3600, '1:00:00', 'PT1H'],
    [3723, '1:02:03', 'PT1H2M3S'],
    [90061, '25:01:01', 'PT25H1M1S'],
    [12.9, '0:12', 'PT12S'],
    [-3, '0:00', 'PT0S'],
  ])('%s s reads %s (%s)', (seconds, clock, iso) => {
    expect(clockDuration(seconds)).toBe(clock);
    expect(isoDuration(seconds)).toBe(iso);
  });

  it('moves on with the time since the answer arrived, in whole seconds', () => {
    expect(secondsInStateNow(65, 10_000, 10_000)).toBe(65);
    expect(secondsInStateNow(65, 10_000, 10_999)).toBe(65);
    expect(secondsInStateNow(65, 10_000, 11_000)).toBe(66);
    expect(secondsInStateNow(65, 10_000, 70_000)).toBe(125);
    // A clock read before the answer (it cannot go back) never counts backwards.
    expect(secondsInStateNow(65, 10_000, 9_000)).toBe(65);
  });
});
