import { sessionWritesPerEventAtSenderPace } from '../../../bench/sender-pace';

const state = (agentLoginId: string, second: number, eventType = 'AVAILABLE') =>
  JSON.stringify({
    account_id: '15300002',
    agent_id: `9${agentLoginId}`,
    agent_login_id: agentLoginId,
    event_type: eventType,
    event_aux_type: '',
    prev_state: 'LOGIN',
    prev_aux_state: '',
    date_time: `2026-03-02 08:00:${String(second).padStart(2, '0')}`,
    duration: '0',
    pending_disp: '0',
  });

describe('session writes at the sender pace', () => {
  it('shares one write among the events of one session in one second', () => {
    const day = [
      state('1', 0, 'TRANSITION'),
      state('1', 0, 'ENGAGED'),
      state('2', 0),
      state('1', 1),
    ];
    // Second 0: sessions 1 and 2; second 1: session 1.
    expect(sessionWritesPerEventAtSenderPace(day)).toBe(3 / 4);
  });

  it('starts a new batch when one second holds more events than a batch', () => {
    const day = Array.from({ length: 12 }, () => state('1', 0));
    expect(sessionWritesPerEventAtSenderPace(day)).toBe(2 / 12);
  });
});
