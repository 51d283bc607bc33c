import { timeZoneConfigFromEnv } from '../../../lambdas/events';
import { envelopeOf } from '../../support/contract';
import { vendorEvent } from '../../support/vendor-fixtures';

const login = vendorEvent('login');
const at = (dateTime: string, defaultZone: string, byAccount: Record<string, string> = {}) => {
  const event = envelopeOf({ ...login, date_time: dateTime }, { defaultZone, byAccount });
  // As subscribers see it: serialized, where absent optional fields are simply not there.
  return { occurredAt: event.occurredAt, data: JSON.parse(JSON.stringify(event.data)) };
};

describe('reading zone-less local times', () => {
  it('reads them as UTC by default', () => {
    expect(at('2020-06-25 14:36:49', 'UTC').occurredAt).toBe('2020-06-25T14:36:49.000Z');
  });

  it('reads them in the configured zone, summer and winter', () => {
    expect(at('2021-07-01 12:00:00', 'America/New_York').occurredAt).toBe(
      '2021-07-01T16:00:00.000Z',
    );
    expect(at('2021-01-15 12:00:00', 'America/New_York').occurredAt).toBe(
      '2021-01-15T17:00:00.000Z',
    );
    expect(at('2021-01-15 12:00:00', 'Asia/Kolkata').occurredAt).toBe('2021-01-15T06:30:00.000Z');
  });

  it('uses the account zone before the default zone', () => {
    const zones = { '15300002': 'America/Chicago', '999': 'Europe/Berlin' };
    expect(at('2021-01-15 12:00:00', 'UTC', zones).occurredAt).toBe('2021-01-15T18:00:00.000Z');
    expect(at('2021-01-15 12:00:00', 'UTC', zones).data.timeZone).toBe('America/Chicago');
  });

  it('shifts a time in the spring-forward gap forward and flags it', () => {
    // New York skipped 02:00-03:00 on 2021-03-14: 02:30 does not exist, 03:30 EDT is 07:30Z.
    const skipped = at('2021-03-14 02:30:00', 'America/New_York');
    expect(skipped.occurredAt).toBe('2021-03-14T07:30:00.000Z');
    expect(skipped.data).toMatchObject({
      occurredAtShifted: true,
      localTime: '2021-03-14 02:30:00',
    });
    expect(skipped.data).not.toHaveProperty('occurredAtAmbiguous');
  });

  it('resolves the repeated fall-back hour to the earlier instant and flags it', () => {
    // New York repeated 01:00-02:00 on 2021-11-07: 01:30 EDT (05:30Z) comes before 01:30 EST.
    const repeated = at('2021-11-07 01:30:00', 'America/New_York');
    expect(repeated.occurredAt).toBe('2021-11-07T05:30:00.000Z');
    expect(repeated.data).toMatchObject({
      occurredAtAmbiguous: true,
      localTime: '2021-11-07 01:30:00',
    });
  });

  it('does not flag the instants just around a transition', () => {
    for (const [local, utc] of [
      ['2021-03-14 01:59:59', '2021-03-14T06:59:59.000Z'],
      ['2021-03-14 03:00:00', '2021-03-14T07:00:00.000Z'],
      ['2021-11-07 00:59:59', '2021-11-07T04:59:59.000Z'],
      ['2021-11-07 02:00:00', '2021-11-07T07:00:00.000Z'],
    ] as const) {
      const result = at(local, 'America/New_York');
      expect(result.occurredAt).toBe(utc);
      expect(result.data).not.toHaveProperty('occurredAtAmbiguous');
      expect(result.data).not.toHaveProperty('occurredAtShifted');
    }
  });

  it('handles the southern hemisphere and half-hour zones', () => {
    // Sydney fell back on 2021-04-04 03:00 AEDT -> 02:00 AEST; 02:30 happened twice.
    const sydney = at('2021-04-04 02:30:00', 'Australia/Sydney');
    expect(sydney.occurredAt).toBe('2021-04-03T15:30:00.000Z');
    expect(sydney.data).toMatchObject({ occurredAtAmbiguous: true });
    // Lord Howe moves by 30 minutes: 02:00 -> 02:30 on 2021-10-03 (UTC+10:30 -> +11).
    const lordHowe = at('2021-10-03 02:15:00', 'Australia/Lord_Howe');
    expect(lordHowe.data).toMatchObject({ occurredAtShifted: true });
    expect(lordHowe.occurredAt).toBe('2021-10-02T15:45:00.000Z');
  });

  it('honours an explicit offset in the text over any zone', () => {
    expect(at('2021-01-15T12:00:00+02:00', 'America/New_York').occurredAt).toBe(
      '2021-01-15T10:00:00.000Z',
    );
    expect(at('2021-01-15 12:00:00.250Z', 'America/New_York').occurredAt).toBe(
      '2021-01-15T12:00:00.250Z',
    );
  });
});

describe('the time zone configuration', () => {
  it('defaults to UTC with no account zones', () => {
    expect(timeZoneConfigFromEnv({})).toEqual({ defaultZone: 'UTC', byAccount: {} });
  });

  it('reads the default and per-account zones', () => {
    expect(
      timeZoneConfigFromEnv({
        SOURCE_TIME_ZONE: 'America/Chicago',
        ACCOUNT_TIME_ZONES: '{"15300002":"Europe/London"}',
      }),
    ).toEqual({ defaultZone: 'America/Chicago', byAccount: { '15300002': 'Europe/London' } });
  });

  it('refuses unknown zones and malformed maps at start', () => {
    expect(() => timeZoneConfigFromEnv({ SOURCE_TIME_ZONE: 'Mars/Olympus' })).toThrow(
      'SOURCE_TIME_ZONE "Mars/Olympus" is not an IANA time zone',
    );
    expect(() => timeZoneConfigFromEnv({ ACCOUNT_TIME_ZONES: '{"1":"Nowhere"}' })).toThrow(
      'zone for account 1',
    );
    expect(() => timeZoneConfigFromEnv({ ACCOUNT_TIME_ZONES: '[1]' })).toThrow('JSON object');
  });
});
