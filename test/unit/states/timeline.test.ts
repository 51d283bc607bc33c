import fc from 'fast-check';
import type { EnvelopeOf } from '../../../lambdas/events';
import { type EngagementSpan, endedEngagements } from '../../../lambdas/states/engagements';
import {
  logoutPoint,
  roleOf,
  type TimelinePoint,
  timelineRowOf,
} from '../../../lambdas/states/timeline';
import { assembleView, rowsNeededAfter, rowsNeededBefore } from '../../../lambdas/states/view';
import { vendorStateEvents } from '../../support/scenarios';

const point = (
  second: number,
  state: string,
  auxState?: string,
  callId?: string,
): TimelinePoint => ({
  timelineKey: `2020-06-30T14:00:${String(second).padStart(2, '0')}.000Z#40#${'0'.repeat(31)}${second % 10}`,
  state,
  ...(auxState === undefined ? {} : { auxState }),
  ...(callId === undefined ? {} : { callId }),
});

describe('roleOf: the part a state plays around calls', () => {
  it.each([
    ['ENGAGED', '', 'C1', 'talk'],
    ['ENGAGED', 'ENGAGED', 'C1', 'talk'],
    ['ENGAGED', 'RINGING', 'C1', 'other'],
    ['ENGAGED', 'RNA-STATE', 'C1', 'other'],
    ['ENGAGED', '', undefined, 'other'],
    ['ENGAGED', 'WRAP-UP', 'C1', 'afterCallWork'],
    ['WORKING', '', undefined, 'afterCallWork'],
    ['working', 'Follow-Up', 'C1', 'afterCallWork'],
    ['AVAILABLE', 'Offhook Work', undefined, 'afterCallWork'],
    ['AVAILABLE', 'wrap_up', undefined, 'afterCallWork'],
    ['AVAILABLE', 'Available', undefined, 'other'],
    ['ON-BREAK', 'Bathroom Break', undefined, 'other'],
    ['Meeting', 'OFF-LINE', undefined, 'other'],
    ['LOGOUT', '', undefined, 'other'],
  ])('%s / %s (call %s) is %s', (state, aux, callId, role) => {
    expect(roleOf(point(1, state, aux, callId)).role).toBe(role);
  });
});

describe('timelineRowOf', () => {
  const [first, , , engaged] = vendorStateEvents() as EnvelopeOf<'agent.state'>[];

  it('stores the states verbatim and leaves empty aux states absent', () => {
    const row = timelineRowOf(first as EnvelopeOf<'agent.state'>);
    expect(row).toEqual({
      agentLoginId: '612829048',
      timelineKey: `2020-06-30T19:44:01.000Z#20#${first?.eventId}`,
      occurredAt: '2020-06-30T19:44:01.000Z',
      state: 'AVAILABLE',
      prevState: 'LOGIN',
      duration: 0,
      eventId: first?.eventId,
    });
    expect(Object.values(row)).not.toContain('');
  });

  it('keeps the call id of an ENGAGED state', () => {
    const row = timelineRowOf(engaged as EnvelopeOf<'agent.state'>);
    expect(row.callId).toBe('202008281319380132120000030797');
  });
});

describe('the window around an anchor', () => {
  const available = point(1, 'AVAILABLE', 'Available');
  const transition = point(2, 'TRANSITION');
  const engaged = point(3, 'ENGAGED', '', 'C1');
  const engagedAgain = point(4, 'ENGAGED', 'ENGAGED', 'C1');
  const working = point(5, 'WORKING', 'WRAP-UP');
  const stillWorking = point(6, 'WORKING', 'Follow-Up');
  const availableAgain = point(7, 'AVAILABLE');
  const nearestFirst = (points: TimelinePoint[]) => [...points].reverse();

  it('backwards from the end of after-call work reaches the start of the talk run', () => {
    const before = nearestFirst([
      available,
      transition,
      engaged,
      engagedAgain,
      working,
      stillWorking,
    ]);
    expect(rowsNeededBefore(availableAgain, before)).toBe(4);
  });

  it('backwards stops at a state that ends every earlier span', () => {
    expect(rowsNeededBefore(engaged, nearestFirst([available, transition]))).toBe(0);
  });

  it('asks for more rows when the given ones end inside a span', () => {
    expect(rowsNeededBefore(availableAgain, nearestFirst([working, stillWorking]))).toBeUndefined();
    expect(rowsNeededAfter(engaged, [engagedAgain, working])).toBeUndefined();
  });

  it('backwards from a talk point also covers the span it may end (a call right after a call)', () => {
    const next = point(8, 'ENGAGED', '', 'C2');
    const before = nearestFirst([transition, engaged, working]);
    expect(rowsNeededBefore(next, before)).toBe(2);
  });

  it('forwards from a talk point reaches the point where after-call work ends', () => {
    expect(rowsNeededAfter(engaged, [engagedAgain, working, stillWorking, availableAgain])).toBe(4);
    expect(rowsNeededAfter(working, [stillWorking, availableAgain, transition])).toBe(2);
  });

  it('needs nothing forwards from a point that ends spans', () => {
    expect(rowsNeededAfter(availableAgain, [transition])).toBe(0);
  });

  it('places a known logout where it belongs', () => {
    const logout = logoutPoint(`2020-06-30T14:00:06.000Z#90#${'f'.repeat(32)}`);
    const view = assembleView([engaged], working, [], logout);
    expect(view.map((p) => p.state)).toEqual(['ENGAGED', 'WORKING', 'LOGOUT']);
    expect(assembleView([engaged], working, [logout], logout)).toHaveLength(3);
  });
});

describe('endedEngagements', () => {
  const keys = (points: TimelinePoint[]) => points.map((p) => p.timelineKey);

  it('reads talk and after-call work off the timeline', () => {
    const view = [
      point(1, 'TRANSITION'),
      point(2, 'ENGAGED', '', 'C1'),
      point(3, 'ENGAGED', 'ENGAGED', 'C1'),
      point(4, 'WORKING', 'WRAP-UP'),
      point(5, 'AVAILABLE', 'Offhook Work'),
      point(6, 'AVAILABLE', 'Available'),
    ];
    const [, engaged, , working, , available] = keys(view);
    expect(endedEngagements(view)).toEqual([
      { callId: 'C1', engagedKey: engaged, talkEndKey: working, afterCallWorkEndKey: available },
    ]);
  });

  it('ends talk and after-call work at once when the agent is available right away', () => {
    const view = [point(2, 'ENGAGED', '', 'C1'), point(3, 'AVAILABLE')];
    const [engaged, available] = keys(view);
    expect(endedEngagements(view)).toEqual([
      { callId: 'C1', engagedKey: engaged, talkEndKey: available, afterCallWorkEndKey: available },
    ]);
  });

  it('leaves spans that have not ended yet out', () => {
    expect(endedEngagements([point(2, 'ENGAGED', '', 'C1')])).toEqual([]);
    expect(endedEngagements([point(2, 'ENGAGED', '', 'C1'), point(3, 'WORKING')])).toEqual([]);
  });

  it('ends a call at the next call', () => {
    const view = [point(2, 'ENGAGED', '', 'C1'), point(3, 'ENGAGED', '', 'C2'), point(4, 'AWAY')];
    expect(endedEngagements(view).map((span) => span.callId)).toEqual(['C1', 'C2']);
  });

  /**
   * The convergence argument: any window of any subset of a timeline yields keys no earlier than
   * the full timeline's, and the window the rules build around any point of a span, on the full
   * timeline, yields the span exactly. So "keep the earliest key" ends at the truth.
   */
  const role = fc.oneof(
    fc.constantFrom(
      ['AVAILABLE', 'Available'],
      ['TRANSITION', ''],
      ['ON-BREAK', ''],
      ['ENGAGED', 'RINGING'],
    ),
    fc.constantFrom(['WORKING', ''], ['WORKING', 'WRAP-UP'], ['AVAILABLE', 'Offhook Work']),
    fc.constantFrom('C1', 'C2', 'C3').map((callId) => ['ENGAGED', '', callId]),
  );
  const timeline = fc
    .array(role, { minLength: 1, maxLength: 14 })
    .map((roles) =>
      roles.map(([state, aux, callId], index) => point(10 + index, state as string, aux, callId)),
    );
  const byCall = (spans: EngagementSpan[]) => new Map(spans.map((span) => [span.callId, span]));

  it('never yields a key earlier than the full timeline does', () => {
    fc.assert(
      fc.property(
        timeline.chain((full) => fc.tuple(fc.constant(full), fc.subarray(full))),
        ([full, subset]) => {
          const truth = byCall(endedEngagements(full));
          for (const span of endedEngagements(subset)) {
            const real = truth.get(span.callId);
            // A subset can only show a span ended when the full timeline ends it too.
            if (real === undefined)
              throw new Error(`span of ${span.callId} ended only in a subset`);
            expect(span.engagedKey >= real.engagedKey).toBe(true);
            expect(span.talkEndKey >= real.talkEndKey).toBe(true);
            expect(span.afterCallWorkEndKey >= real.afterCallWorkEndKey).toBe(true);
          }
        },
      ),
    );
  });

  it('finds every span of the full timeline from the window around any of its points', () => {
    fc.assert(
      fc.property(timeline, (full) => {
        for (const span of endedEngagements(full)) {
          const inSpan = full.filter(
            (p) => p.timelineKey >= span.engagedKey && p.timelineKey <= span.afterCallWorkEndKey,
          );
          for (const anchor of inSpan) {
            const before = full.filter((p) => p.timelineKey < anchor.timelineKey).reverse();
            const after = full.filter((p) => p.timelineKey > anchor.timelineKey);
            const view = assembleView(
              before.slice(0, rowsNeededBefore(anchor, before) ?? before.length),
              anchor,
              after.slice(0, rowsNeededAfter(anchor, after) ?? after.length),
            );
            expect(byCall(endedEngagements(view)).get(span.callId)).toEqual(span);
          }
        }
      }),
    );
  });
});
