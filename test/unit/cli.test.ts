import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseEvents, readEvents } from '../../bin/cli/event-files';
import { routeFor, toQueryString } from '../../bin/cli/sender';

describe('reading event files', () => {
  it('reads one object, an array, or NDJSON', () => {
    expect(parseEvents('{"a":"1"}', 'x')).toEqual([{ a: '1' }]);
    expect(parseEvents('[{"a":"1"},{"a":"2"}]', 'x')).toEqual([{ a: '1' }, { a: '2' }]);
    expect(parseEvents('{"a":"1"}\n\n{"a":"2"}\n', 'x')).toEqual([{ a: '1' }, { a: '2' }]);
    expect(parseEvents('  ', 'x')).toEqual([]);
  });

  it('names the file and line of a broken NDJSON line', () => {
    expect(() => parseEvents('{"a":"1"}\n{"a":', 'day.ndjson')).toThrow(/^day\.ndjson line 2: /);
  });

  it('reads every JSON and NDJSON file of a directory in name order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'events-'));
    writeFileSync(join(dir, 'b.ndjson'), '{"n":"2"}\n{"n":"3"}\n');
    writeFileSync(join(dir, 'a.json'), '{"n":"1"}');
    writeFileSync(join(dir, 'notes.txt'), 'not events');
    expect(readEvents(dir)).toEqual([{ n: '1' }, { n: '2' }, { n: '3' }]);
  });
});

describe('sending like Engage Voice', () => {
  it('encodes every field as text with null as an empty value', () => {
    expect(toQueryString({ a: null, b: 17, c: 'x y&z' })).toBe('a=&b=17&c=x+y%26z');
  });

  it('sends call events to the Call Event URL and the rest to the Agent Event URL', () => {
    expect(routeFor({ event_type: 'ACD-CALL' })).toBe('/v1/call-events');
    expect(routeFor({ event_type: 'ONE-TO-ONE' })).toBe('/v1/call-events');
    expect(routeFor({ event_type: 'ENGAGED', prev_state: 'TRANSITION' })).toBe('/v1/agent-events');
    expect(routeFor({ event_type: 'LOGIN' })).toBe('/v1/agent-events');
  });
});
