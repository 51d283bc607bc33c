import { type Credential, isAuthorized, presentedCredential } from '../../../lambdas/platform/auth';
import { credentialsOfSecret } from '../../../lambdas/platform/credentials';

const current: Credential = {
  token: 'tok-current-0123456789',
  user: 'engage',
  password: 'pw-current',
};
const previous: Credential = {
  token: 'tok-previous-012345678',
  user: 'engage',
  password: 'pw-previous',
};
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const allowed = (headers: Record<string, string>, active = [current]) =>
  isAuthorized(presentedCredential(headers), active);

describe('authenticating the sender', () => {
  it('accepts Basic, Bearer and X-Webhook-Token with the shared credential', () => {
    expect(allowed({ authorization: basic('engage', 'pw-current') })).toBe(true);
    expect(allowed({ authorization: `Bearer ${current.token}` })).toBe(true);
    expect(allowed({ 'x-webhook-token': current.token ?? '' })).toBe(true);
  });

  it('matches the scheme in any case, as HTTP allows', () => {
    expect(allowed({ authorization: `bearer ${current.token}` })).toBe(true);
    expect(
      allowed({ authorization: basic('engage', 'pw-current').replace('Basic', 'BASIC') }),
    ).toBe(true);
  });

  it('refuses missing, wrong, truncated and mixed-up credentials', () => {
    expect(allowed({})).toBe(false);
    expect(allowed({ authorization: '' })).toBe(false);
    expect(allowed({ authorization: 'Bearer' })).toBe(false);
    expect(allowed({ authorization: `Bearer ${current.token?.slice(0, -1)}` })).toBe(false);
    expect(allowed({ authorization: `Bearer ${current.token}x` })).toBe(false);
    expect(allowed({ authorization: basic('engage', 'pw-curren') })).toBe(false);
    expect(allowed({ authorization: basic('Engage', 'pw-current') })).toBe(false);
    expect(allowed({ authorization: `Bearer ${current.password}` })).toBe(false);
    expect(allowed({ authorization: `Token ${current.token}` })).toBe(false);
    expect(allowed({ authorization: 'Basic !!!not-base64' })).toBe(false);
    expect(allowed({ 'x-webhook-token': basic('engage', 'pw-current') })).toBe(false);
  });

  it('accepts both values while a rotation is under way, and only those', () => {
    const active = credentialsOfSecret(JSON.stringify({ ...current, previous }));
    expect(allowed({ 'x-webhook-token': previous.token ?? '' }, active)).toBe(true);
    expect(allowed({ authorization: basic('engage', 'pw-previous') }, active)).toBe(true);
    expect(allowed({ 'x-webhook-token': current.token ?? '' }, active)).toBe(true);
    expect(allowed({ 'x-webhook-token': previous.token ?? '' }, [current])).toBe(false);
  });

  it('never accepts anything when no credential value is configured', () => {
    expect(allowed({ authorization: 'Bearer ' }, [{}])).toBe(false);
    expect(allowed({ authorization: basic('a', '') }, [{ user: 'a' }])).toBe(false);
  });
});
