import {
  ACTIVITIES,
  activityOf,
  agentActivityOf,
  isLogoutState,
} from '../../../lambdas/states/activity';

describe('activityOf: what an agent is doing', () => {
  it.each([
    ['ENGAGED', undefined, 'talking'],
    ['ENGAGED', 'Monitoring', 'talking'],
    ['engaged', 'ENGAGED', 'talking'],
    ['ENGAGED', 'RINGING', 'ringing'],
    ['ENGAGED', 'rna_state', 'ringing'],
    ['ENGAGED', 'RNA-STATE', 'ringing'],
    ['WORKING', undefined, 'after-call-work'],
    ['WORKING', 'Follow-Up', 'after-call-work'],
    ['AVAILABLE', 'Offhook Work', 'after-call-work'],
    ['AVAILABLE', 'OFF-HOOK-WORK', 'after-call-work'],
    ['AVAILABLE', 'wrap_up', 'after-call-work'],
    ['ON BREAK', 'WRAPUP', 'after-call-work'],
    // The after-call-work aux wins over the base state, ENGAGED included.
    ['ENGAGED', 'WRAP-UP', 'after-call-work'],
    ['TRANSITION', 'acw', 'after-call-work'],
    ['AVAILABLE', undefined, 'available'],
    ['Available', 'Available', 'available'],
    ['TRANSITION', undefined, 'reserved'],
    // Only an ENGAGED agent rings; a reserved one with a RINGING aux is still reserved.
    ['TRANSITION', 'RINGING', 'reserved'],
    ['ON BREAK', 'Bathroom Break', 'away'],
    ['ON-BREAK', undefined, 'away'],
    ['on_break', 'Coffee', 'away'],
    ['LUNCH', 'Lunch', 'away'],
    ['AWAY', 'Meeting', 'away'],
    ['Meeting', 'Team Huddle', 'away'],
    ['TRAINING', 'Email Support', 'away'],
    ['LOGIN', undefined, 'logging-in'],
    ['LOGOUT', undefined, 'logged-out'],
  ])('%s / %s is %s', (state, auxState, activity) => {
    expect(activityOf({ state, ...(auxState === undefined ? {} : { auxState }) })).toBe(activity);
  });

  it('lists the activities in display order', () => {
    expect(ACTIVITIES).toEqual([
      'talking',
      'ringing',
      'after-call-work',
      'available',
      'reserved',
      'away',
      'logging-in',
      'logged-out',
    ]);
  });
});

describe('agentActivityOf: the activity of a session', () => {
  it('is logged-out once the LOGOUT is stored, whatever the last state', () => {
    expect(agentActivityOf({ loggedOut: true, currentState: 'ENGAGED' })).toBe('logged-out');
  });

  it('is logging-in while no state event is stored', () => {
    expect(agentActivityOf({ loggedOut: false })).toBe('logging-in');
  });

  it('is the activity of the current state and aux state', () => {
    expect(
      agentActivityOf({ loggedOut: false, currentState: 'ENGAGED', currentAuxState: 'RINGING' }),
    ).toBe('ringing');
    expect(agentActivityOf({ loggedOut: false, currentState: 'ON-BREAK' })).toBe('away');
  });
});

describe('isLogoutState', () => {
  it('reads the base state only, spelled any way', () => {
    expect(isLogoutState('logout')).toBe(true);
    expect(isLogoutState('LOGIN')).toBe(false);
    expect(isLogoutState('LOG OUT')).toBe(false);
  });
});
