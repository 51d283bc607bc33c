import {
  compressedOffsetsMs,
  deliveryOffsetsMs,
  sessionWritesPerEventAtSenderPace,
} from '../../../bench/sender-pace';

const fields = (agentLoginId: string, second: number, eventType = 'AVAILABLE') => ({
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
const state = (agentLoginId: string, second: number, eventType = 'AVAILABLE') =>
  JSON.stringify(fields(agentLoginId, second, eventType));

describe('session writes at the sender pace', () => {
  it('takes one write for every event that moves a session: at that pace each is alone in its batch', () => {
    const endCall = JSON.stringify({
      account_id: '15300002',
      call_id: '1',
      event_type: 'ACD-CALL',
      call_start: '2026-03-02 08:00:00',
      call_state: 'ANSWERED',
    });
    const day = [state('1', 0, 'TRANSITION'), state('1', 0, 'ENGAGED'), state('2', 0), endCall];
    expect(sessionWritesPerEventAtSenderPace(day)).toBe(3 / 4);
  });
});

describe('when the sender posts', () => {
  const endCall = {
    account_id: '15300002',
    call_id: '1',
    event_type: 'ACD-CALL',
    call_start: '2026-03-02 08:00:00',
    queue_duration: '3',
    call_duration: '10',
    call_state: 'ANSWERED',
  };

  it('posts a state event at its time and an end-call when the call ended', () => {
    expect(deliveryOffsetsMs([fields('1', 2), endCall, fields('1', 20)])).toEqual([
      0, 11_000, 18_000,
    ]);
  });

  it('never posts an event before the one posted before it', () => {
    expect(deliveryOffsetsMs([fields('1', 30), fields('1', 10)])).toEqual([0, 0]);
  });

  it('shortens only the gaps longer than the longest kept', () => {
    expect(compressedOffsetsMs([0, 500, 60_000, 60_200], 2_000)).toEqual([0, 500, 2_500, 2_700]);
  });
});
