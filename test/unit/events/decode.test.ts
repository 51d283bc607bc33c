import { toQueryString } from '../../../bin/cli/sender';
import { decodeRequest } from '../../../lambdas/events';
import { vendorEvent } from '../../support/vendor-fixtures';

const login = vendorEvent('login');
const json = JSON.stringify(login);

describe('finding the event fields in a request', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'text/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    undefined,
  ])('reads a JSON body labelled %s as JSON', (contentType) => {
    expect(decodeRequest({ body: json, contentType })).toMatchObject({
      ok: true,
      encoding: 'json',
      batch: false,
      records: [login],
    });
  });

  it('reads a form body, labelled or not', () => {
    for (const contentType of ['application/x-www-form-urlencoded', undefined, 'text/plain']) {
      expect(decodeRequest({ body: toQueryString(login), contentType })).toMatchObject({
        ok: true,
        encoding: 'form',
      });
    }
  });

  it('reads the query string when there is no body, with "+" and %20 as spaces', () => {
    const decoded = decodeRequest({ rawQueryString: 'event_type=LOGIN&username=a+b%20c&x=' });
    expect(decoded).toEqual({
      ok: true,
      encoding: 'query',
      batch: false,
      records: [{ event_type: 'LOGIN', username: 'a b c', x: '' }],
    });
  });

  it('decodes base64 bodies and refuses bytes that are not UTF-8', () => {
    const body = Buffer.from(json).toString('base64');
    expect(decodeRequest({ body, isBase64Encoded: true })).toMatchObject({ ok: true });
    const invalid = Buffer.from([0xff, 0xfe, 0x7b]).toString('base64');
    expect(decodeRequest({ body: invalid, isBase64Encoded: true })).toEqual({
      ok: false,
      reason: 'malformed',
      error: 'request body is not valid UTF-8 text',
      issues: [{ path: 'body', message: 'not valid UTF-8' }],
    });
  });

  it('refuses empty requests, empty batches and non-event JSON with a reason', () => {
    expect(decodeRequest({})).toMatchObject({ ok: false, error: 'no event in the request' });
    expect(decodeRequest({ body: '[]' })).toMatchObject({ ok: false, error: 'empty batch' });
    expect(decodeRequest({ body: '42', contentType: 'application/json' })).toMatchObject({
      ok: false,
      error: 'JSON body is not an event',
    });
    expect(decodeRequest({ body: '<xml/>', contentType: 'application/xml' })).toMatchObject({
      ok: false,
      issues: [{ path: 'body', message: 'cannot read a body of type "application/xml"' }],
    });
  });
});
