/**
 * SQS accepts only some Unicode in a message body (#x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD, and
 * #x10000-#x10FFFF, which emulators refuse too) and rejects the whole message otherwise. A
 * sender's field can hold any character, so the JSON is written with everything else as \u
 * escapes (astral characters as their surrogate pair): the same JSON value, a message SQS takes.
 */
const OUTSIDE_SAFE_CHARACTERS = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD]/gu;

function asUnicodeEscapes(character: string): string {
  let escaped = '';
  for (let index = 0; index < character.length; index++) {
    escaped += `\\u${character.charCodeAt(index).toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

export function toSqsBody(value: unknown): string {
  return toSqsText(JSON.stringify(value));
}

/**
 * Text SNS and SQS take as a message attribute value, which they check like a body (and some
 * SDKs silently turn a lone surrogate into U+FFFD): every character outside the safe set is
 * written as the text `\uXXXX`. A sender's free text (an `event_type`, a refusal's reason) can
 * hold any of them; without this the whole message would be refused, on every retry.
 */
export function toSqsText(text: string): string {
  return text.replace(OUTSIDE_SAFE_CHARACTERS, asUnicodeEscapes);
}
