import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateDay } from '../../samples/generate';
import { sampleDay } from '../../samples/sample-day';
import { envelopeOf } from '../support/contract';

const checkedIn = sampleDay();

describe('the sample contact-center day', () => {
  it('is what the generator makes from its default seed (run `npm run sample` after changes)', () => {
    expect(generateDay({ agents: 10, seed: 7, date: '2026-03-02' })).toEqual(checkedIn);
  });

  it('is entirely valid under the contract and covers every kind and call state', () => {
    const envelopes = checkedIn.map((fields) => envelopeOf(fields));
    const kinds = new Set(envelopes.map((event) => event.kind));
    expect([...kinds].sort()).toEqual(['agent.login', 'agent.logout', 'agent.state', 'call.ended']);
    const callStates = new Set(
      envelopes.flatMap((event) => (event.kind === 'call.ended' ? [event.data.callState] : [])),
    );
    expect([...callStates].sort()).toEqual(['ABANDONED', 'ANSWERED', 'DEFLECTED', 'MACHINE']);
    expect(checkedIn.some((fields) => fields.call_state === 'ABANDON')).toBe(true);
  });

  it('has same-second pairs, custom states and supervisor monitoring', () => {
    const states = checkedIn.filter((fields) => fields.prev_state !== undefined);
    const sameSecond = states.filter(
      (fields, index) =>
        index > 0 &&
        fields.date_time === states[index - 1]?.date_time &&
        fields.agent_login_id === states[index - 1]?.agent_login_id,
    );
    expect(sameSecond.length).toBeGreaterThan(10);
    expect(states.some((fields) => fields.event_type === 'Meeting')).toBe(true);
    const engagedCallIds = states
      .filter((fields) => fields.event_type === 'ENGAGED')
      .map((fields) => fields.call_id);
    expect(new Set(engagedCallIds).size).toBeLessThan(engagedCallIds.length);
  });

  it("shares no agent with the README's first curl, which the banner of npm start repeats", () => {
    const root = join(__dirname, '..', '..');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const query = /curl -s -X POST "http:\/\/127\.0\.0\.1:3000\/v1\/agent-events\?([^"]+)"/.exec(
      readme,
    )?.[1];
    expect(query).toBeDefined();
    const fields = new URLSearchParams(query);
    for (const name of ['agent_login_id', 'agent_id']) {
      const value = fields.get(name);
      expect(value).toMatch(/^\d+$/);
      expect(checkedIn.some((event) => String(event[name]) === value)).toBe(false);
    }
    expect(readFileSync(join(root, 'bin', 'local.ts'), 'utf8')).toContain(
      `/v1/agent-events?${query}"`,
    );
  });
});
