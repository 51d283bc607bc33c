/**
 * The zod/mini builders the vendor rules use (vendor-fields.ts), loaded only through
 * zod-on-first-use.ts. Named re-exports keep the bundle to what these need of zod.
 */
export { maxLength, minLength, nullish, object, refine, regex, string } from 'zod/mini';
