/**
 * The zod/mini builders the vendor rules and the credential secret use, by name (so the bundle
 * keeps only them). Loaded through `zod-on-first-use.ts`, never imported directly by handlers.
 */
export {
  extend,
  maxLength,
  minLength,
  nullish,
  object,
  optional,
  refine,
  regex,
  string,
} from 'zod/mini';
