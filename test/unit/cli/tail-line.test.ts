import { tailFilter, tailLine } from '../../../bin/cli/tail-line';
import { envelopeOf } from '../../support/contract';
import { vendorEvent } from '../../support/vendor-fixtures';

describe('the lines npm run tail prints', () => {
  it('say when, what, which agent, and the state change or the call', () => {
    expect(tailLine(envelopeOf(vendorEvent('login')))).toBe(
      '2020-06-25T14:36:49.000Z  agent.login   agent 1369310   login 612730076',
    );
    expect(tailLine(envelopeOf(vendorEvent('state-2-available-aux')))).toMatch(
      /^2020-06-30T19:44:\d\d\.000Z {2}agent\.state {3}agent 1369310 {3}AVAILABLE -> AVAILABLE \(Available\)$/,
    );
    expect(tailLine(envelopeOf(vendorEvent('state-4-engaged')))).toMatch(
      / {2}TRANSITION -> ENGAGED {2}call 202008281319380132120000030797$/,
    );
    expect(tailLine(envelopeOf(vendorEvent('call-inbound-answered')))).toMatch(
      /call\.ended {4}agent 1369310 {3}call 202006302136360132130000036446 ANSWERED inbound queue My Queue 18s$/,
    );
    expect(tailLine(envelopeOf(vendorEvent('call-inbound-deflected')))).toContain(
      'call.ended    no agent',
    );
  });

  it('come from a filter on exactly the flags given', () => {
    expect(tailFilter({})).toEqual({});
    expect(
      tailFilter({ kind: ['agent.state', 'agent.login'], account: ['1'], 'event-type': ['LUNCH'] }),
    ).toEqual({ kind: ['agent.state', 'agent.login'], accountId: ['1'], eventType: ['LUNCH'] });
  });
});
