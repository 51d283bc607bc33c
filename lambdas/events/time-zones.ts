/** Which IANA zone the sender's zone-less timestamps are read in: per account, else a default. */
export interface TimeZoneConfig {
  readonly defaultZone: string;
  readonly byAccount: Readonly<Record<string, string>>;
}

export const DEFAULT_TIME_ZONE = 'UTC';

export function isValidTimeZone(zone: string): boolean {
  // The first Intl.DateTimeFormat loads ICU's zone data (milliseconds of cold start): UTC,
  // the default, needs none of it.
  if (zone === 'UTC' || zone === 'Etc/UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone for one account's timestamps. */
export function zoneForAccount(config: TimeZoneConfig, accountId: string): string {
  return Object.hasOwn(config.byAccount, accountId)
    ? (config.byAccount[accountId] ?? config.defaultZone)
    : config.defaultZone;
}

/**
 * Reads `SOURCE_TIME_ZONE` (default UTC) and `ACCOUNT_TIME_ZONES` (a JSON object of account id ->
 * IANA zone). Throws on a bad zone so a misconfigured function fails at cold start instead of
 * silently shifting every timestamp.
 */
export function timeZoneConfigFromEnv(env: NodeJS.ProcessEnv = process.env): TimeZoneConfig {
  const defaultZone = env.SOURCE_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
  if (!isValidTimeZone(defaultZone)) {
    throw new Error(`SOURCE_TIME_ZONE "${defaultZone}" is not an IANA time zone`);
  }
  const byAccount = parseAccountTimeZones(env.ACCOUNT_TIME_ZONES);
  return { defaultZone, byAccount };
}

function parseAccountTimeZones(text: string | undefined): Record<string, string> {
  if (text === undefined || text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error('ACCOUNT_TIME_ZONES must be a JSON object of account id -> IANA zone');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('ACCOUNT_TIME_ZONES must be a JSON object of account id -> IANA zone');
  }
  const entries = Object.entries(parsed);
  for (const [account, zone] of entries) {
    if (typeof zone !== 'string' || !isValidTimeZone(zone)) {
      throw new Error(`ACCOUNT_TIME_ZONES: zone for account ${account} is not an IANA time zone`);
    }
  }
  return Object.fromEntries(entries) as Record<string, string>;
}
