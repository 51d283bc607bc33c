/** The event contract: from whatever the sender sent to one normalized, versioned envelope. */
export { type Decoded, decodeRequest, type Encoding, type HttpRequestParts } from './decode';
export * from './envelope';
export { type InterpretContext, type Interpreted, interpretRecord } from './interpret';
export type { Issue } from './issues';
export { type TimeZoneConfig, timeZoneConfigFromEnv } from './time-zones';

/** One event's fields as the sender put them. */
export type RawRecord = Record<string, unknown>;
