import { DEFAULT_STALE_AFTER_HOURS } from '../../../lambdas/sessions/staleness';
import {
  closedSegmentsOf,
  loggedInSpanOf,
  type SessionTimeline,
  segmentsOf,
  type TimelineRow,
} from '../../../lambdas/states/segments';

const DAY = '2026-03-02';
const at = (time: string) => `${DAY}T${time}.000Z`;
let eventSerial = 0;

/** A stored row at `time` (UTC); `sequence` orders rows of the same second as the store does. */
function row(time: string, state: string, auxState?: string, callId?: string, sequence = 40) {
  eventSerial += 1;
  const occurredAt = at(time);
  return {
    occurredAt,
    timelineKey: `${occurredAt}#${sequence}#${String(eventSerial).padStart(32, '0')}`,
    state,
    ...(auxState === undefined ? {} : { auxState }),
    ...(callId === undefined ? {} : { callId }),
  } satisfies TimelineRow;
}

const clock = (now: string) => ({ now, staleAfterHours: DEFAULT_STALE_AFTER_HOURS });

describe('segmentsOf: a session as consecutive states', () => {
  const workedSession: SessionTimeline = {
    loginAt: at('08:00:21'),
    logoutAt: at('08:06:00'),
    lastEventAt: at('08:06:00'),
    rows: [
      row('08:00:21', 'AVAILABLE', undefined, undefined, 20),
      row('08:00:22', 'AVAILABLE', 'Available', undefined, 25),
      row('08:03:11', 'TRANSITION', undefined, undefined, 30),
      row('08:03:11', 'ENGAGED', undefined, 'C1', 40),
      row('08:05:00', 'WORKING', 'WRAP-UP', undefined, 50),
      row('08:05:30', 'AVAILABLE', 'Available', undefined, 20),
      row('08:06:00', 'LOGOUT', undefined, undefined, 70),
    ],
  };

  it('turns the timeline into closed segments, leaving out same-second states', () => {
    expect(segmentsOf(workedSession, clock(at('12:00:00')))).toEqual([
      {
        state: 'AVAILABLE',
        activity: 'available',
        start: at('08:00:21'),
        end: at('08:00:22'),
        seconds: 1,
      },
      {
        state: 'AVAILABLE',
        auxState: 'Available',
        activity: 'available',
        start: at('08:00:22'),
        end: at('08:03:11'),
        seconds: 169,
      },
      {
        state: 'ENGAGED',
        activity: 'talking',
        start: at('08:03:11'),
        end: at('08:05:00'),
        seconds: 109,
        callId: 'C1',
      },
      {
        state: 'WORKING',
        auxState: 'WRAP-UP',
        activity: 'after-call-work',
        start: at('08:05:00'),
        end: at('08:05:30'),
        seconds: 30,
      },
      {
        state: 'AVAILABLE',
        auxState: 'Available',
        activity: 'available',
        start: at('08:05:30'),
        end: at('08:06:00'),
        seconds: 30,
      },
    ]);
  });

  it('orders rows by their timeline key whatever order they come in', () => {
    const shuffled = { ...workedSession, rows: [...workedSession.rows].reverse() };
    expect(segmentsOf(shuffled, clock(at('12:00:00')))).toEqual(
      segmentsOf(workedSession, clock(at('12:00:00'))),
    );
  });

  it('shows the time from LOGIN to the first state as logging-in', () => {
    const session = {
      loginAt: at('09:00:00'),
      logoutAt: at('09:10:00'),
      lastEventAt: at('09:10:00'),
      rows: [row('09:00:05', 'AVAILABLE')],
    };
    expect(segmentsOf(session, clock(at('12:00:00')))[0]).toEqual({
      state: 'LOGIN',
      activity: 'logging-in',
      start: at('09:00:00'),
      end: at('09:00:05'),
      seconds: 5,
    });
  });

  it('starts at the first state when the LOGIN is missing', () => {
    const session = {
      logoutAt: at('09:10:00'),
      lastEventAt: at('09:10:00'),
      rows: [row('09:00:05', 'AVAILABLE')],
    };
    expect(segmentsOf(session, clock(at('12:00:00')))).toEqual([
      {
        state: 'AVAILABLE',
        activity: 'available',
        start: at('09:00:05'),
        end: at('09:10:00'),
        seconds: 595,
      },
    ]);
  });

  it('leaves out rows at or after the LOGOUT and counts rows before the LOGIN from it', () => {
    const session = {
      loginAt: at('09:00:10'),
      logoutAt: at('09:10:00'),
      lastEventAt: at('09:12:00'),
      rows: [
        row('09:00:00', 'ON BREAK', 'Coffee'),
        row('09:05:00', 'AVAILABLE'),
        row('09:10:00', 'ENGAGED', undefined, 'C9'),
        row('09:12:00', 'AVAILABLE'),
      ],
    };
    expect(
      segmentsOf(session, clock(at('12:00:00'))).map(({ state, start, seconds }) => ({
        state,
        start,
        seconds,
      })),
    ).toEqual([
      { state: 'ON BREAK', start: at('09:00:10'), seconds: 290 },
      { state: 'AVAILABLE', start: at('09:05:00'), seconds: 300 },
    ]);
  });

  it('continues a segment through a row that repeats its state, aux state and call', () => {
    const session = {
      loginAt: at('09:00:00'),
      logoutAt: at('09:03:00'),
      lastEventAt: at('09:03:00'),
      rows: [
        row('09:00:00', 'AVAILABLE', 'Available'),
        row('09:01:00', 'AVAILABLE', 'Available'),
        row('09:02:00', 'AVAILABLE'),
      ],
    };
    expect(segmentsOf(session, clock(at('12:00:00'))).map((s) => s.seconds)).toEqual([120, 60]);
  });

  it('ends the session at a state row entering LOGOUT when the LOGOUT event is missing', () => {
    const session = {
      loginAt: at('09:00:00'),
      lastEventAt: at('09:30:00'),
      rows: [row('09:00:00', 'AVAILABLE'), row('09:30:00', 'LOGOUT', undefined, undefined, 70)],
    };
    expect(loggedInSpanOf(session, clock(at('09:40:00')))).toEqual({
      start: at('09:00:00'),
      end: at('09:30:00'),
    });
    expect(segmentsOf(session, clock(at('09:40:00')))).toHaveLength(1);
  });
});

describe('a session still logged in', () => {
  const session = {
    loginAt: at('09:00:00'),
    lastEventAt: at('09:20:00'),
    rows: [row('09:00:00', 'AVAILABLE'), row('09:20:00', 'ON-BREAK', 'Lunch')],
  };

  it('has its last segment open for the agents API', () => {
    const segments = segmentsOf(session, clock(at('10:00:00.750')));
    expect(segments.at(-1)).toEqual({
      state: 'ON-BREAK',
      auxState: 'Lunch',
      activity: 'away',
      start: at('09:20:00'),
    });
  });

  it('ends at now, in whole seconds, for interval figures', () => {
    const segments = closedSegmentsOf(session, clock(`${DAY}T10:00:00.750Z`));
    expect(segments.at(-1)).toMatchObject({ end: at('10:00:00'), seconds: 2400 });
  });

  it('ends at its last event once stale (a missed LOGOUT), so its last state has no time', () => {
    const stale = clock(`${DAY}T21:20:00.000Z`);
    expect(loggedInSpanOf(session, stale, 'now')).toEqual({
      start: at('09:00:00'),
      end: at('09:20:00'),
    });
    expect(segmentsOf(session, stale)).toEqual([
      {
        state: 'AVAILABLE',
        activity: 'available',
        start: at('09:00:00'),
        end: at('09:20:00'),
        seconds: 1200,
      },
    ]);
    // One second short of 12 hours it is still logged in.
    expect(loggedInSpanOf(session, clock(`${DAY}T21:19:59.000Z`), 'now').end).toBe(at('21:19:59'));
  });

  it('is one logging-in segment while no state event is stored', () => {
    const justLoggedIn = { loginAt: at('09:00:00'), lastEventAt: at('09:00:00'), rows: [] };
    expect(segmentsOf(justLoggedIn, clock(at('09:00:30')))).toEqual([
      { state: 'LOGIN', activity: 'logging-in', start: at('09:00:00') },
    ]);
    expect(closedSegmentsOf(justLoggedIn, clock(at('09:00:30')))[0]?.seconds).toBe(30);
  });
});

describe('a session closed by an inferred logout (logoutAt = its last event)', () => {
  const open: SessionTimeline = {
    loginAt: at('08:00:00'),
    lastEventAt: at('09:30:00'),
    rows: [row('08:00:00', 'AVAILABLE'), row('09:30:00', 'ON BREAK', 'Lunch')],
  };
  const inferred: SessionTimeline = { ...open, logoutAt: open.lastEventAt };

  it('counts exactly as it did while stale: the sweep changes no figure', () => {
    const stale = clock(at('23:00:00'));
    expect(segmentsOf(inferred, stale)).toEqual(segmentsOf(open, stale));
    expect(closedSegmentsOf(inferred, stale)).toEqual(closedSegmentsOf(open, stale));
    expect(loggedInSpanOf(inferred, stale, 'now')).toEqual({
      start: at('08:00:00'),
      end: at('09:30:00'),
    });
  });

  it('ends at its last event when reconciled before it is stale, no longer at now', () => {
    const soon = clock(at('10:00:00'));
    expect(loggedInSpanOf(open, soon, 'now').end).toBe(at('10:00:00'));
    expect(loggedInSpanOf(inferred, soon, 'now').end).toBe(at('09:30:00'));
    expect(closedSegmentsOf(inferred, soon).at(-1)).toMatchObject({
      state: 'AVAILABLE',
      end: at('09:30:00'),
    });
  });
});
