import { REDACTED, redactForLog } from '../../../lambdas/platform/redact';

describe('the log redactor', () => {
  it('treats the headers that name a client address as personal data, whatever their case', () => {
    const headers = {
      'X-Forwarded-For': '203.0.113.45, 10.0.0.1',
      forwarded: 'for=198.51.100.17',
      'x-real-ip': '192.0.2.33',
      'true-client-ip': '192.0.2.34',
      'cf-connecting-ip': '192.0.2.35',
      'content-type': 'application/json',
    };
    const logged = JSON.parse(JSON.stringify({ headers, sourceIp: '192.0.2.36' }, redactForLog));
    expect(logged).toEqual({
      headers: {
        'X-Forwarded-For': REDACTED,
        forwarded: REDACTED,
        'x-real-ip': REDACTED,
        'true-client-ip': REDACTED,
        'cf-connecting-ip': REDACTED,
        'content-type': 'application/json',
      },
      sourceIp: REDACTED,
    });
  });
});
