import type { Envelope } from '../../../lambdas/events';
import { envelopeOf } from '../../support/contract';
import { vendorEvent } from '../../support/vendor-fixtures';

const byTimeThenSequence = (a: Envelope, b: Envelope) =>
  a.occurredAt.localeCompare(b.occurredAt) || a.sequence - b.sequence;

const state = (prev: string, next: string, aux = '') =>
  envelopeOf({
    ...vendorEvent('state-2-available-aux'),
    prev_state: prev,
    event_type: next,
    event_aux_type: aux,
    date_time: '2020-06-30 19:44:30',
  });

describe('the same-second order key', () => {
  it('orders the vendor example TRANSITION before ENGAGED in their shared second', () => {
    const events = ['state-4-engaged', 'state-3-transition'].map((name) =>
      envelopeOf(vendorEvent(name)),
    );
    expect(events.sort(byTimeThenSequence).map((event) => event.data)).toMatchObject([
      { state: 'TRANSITION' },
      { state: 'ENGAGED' },
    ]);
  });

  it('orders the common same-second chains forward through the agent cycle', () => {
    const chains = [
      [state('LOGIN', 'AVAILABLE'), state('AVAILABLE', 'AVAILABLE', 'Available')],
      [
        state('WORKING', 'AVAILABLE'),
        state('AVAILABLE', 'TRANSITION'),
        state('TRANSITION', 'ENGAGED'),
      ],
      [state('ENGAGED', 'WORKING'), state('WORKING', 'WORKING', 'WRAP-UP')],
      [state('AVAILABLE', 'ON-BREAK'), state('ON BREAK', 'ON BREAK', 'Bathroom Break')],
    ];
    for (const chain of chains) {
      const sequences = chain.map((event) => event.sequence);
      expect([...sequences].sort((a, b) => a - b)).toEqual(sequences);
      expect(new Set(sequences).size).toBe(sequences.length);
    }
  });

  it('puts a login before and a logout after the states of its second', () => {
    const login = envelopeOf(vendorEvent('login'));
    const logout = envelopeOf(vendorEvent('logout'));
    const states = [state('LOGIN', 'AVAILABLE'), state('WORKING', 'LOGOUT')];
    for (const event of states) {
      expect(login.sequence).toBeLessThan(event.sequence);
      expect(logout.sequence).toBeGreaterThan(event.sequence);
    }
  });
});
