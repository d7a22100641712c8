// Text that is not valid UTF-8 is refused with 400 naming the field (issue 15 item 1, decision 513).
// Two ways it arrives: percent-encoded bytes that decode to no character (`name=%FF` in a query
// string or a form body), which the parsers would otherwise keep as the literal "%FF"; and raw bytes
// in a body, which decoding turns into U+FFFD (the replacement character) or, through JSON's
// `\uD800` escapes, into a lone surrogate half. The first is checked on the raw text, before the
// parser; the second on the parsed strings, in the same walk as control characters.
import { ValidationError } from '../domain/errors.js';

const REPLACEMENT = '\uFFFD';
/** Half of a surrogate pair without its other half: no character, and not encodable as UTF-8. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a parsed string holds no sign of invalid UTF-8. */
export function isValidText(text: string): boolean {
  return !text.includes(REPLACEMENT) && !LONE_SURROGATE.test(text);
}

function decodes(part: string): boolean {
  try {
    decodeURIComponent(part.replace(/\+/g, ' '));
    return true;
  } catch {
    return false;
  }
}

/** The first field of `a=1&b=2` (raw, still percent-encoded) whose name or value decodes to no text; '' for an unnamed one; null if all decode. */
export function undecodableField(raw: string): string | null {
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? '' : pair.slice(eq + 1);
    if (decodes(key) && decodes(value)) continue;
    return decodes(key) ? decodeURIComponent(key.replace(/\+/g, ' ')) : '';
  }
  return null;
}

export function invalidTextError(field: string): ValidationError {
  const named = field || 'body';
  return new ValidationError({ [named]: 'must be valid UTF-8 text' }, `The field "${named}" is not valid UTF-8 text.`);
}

/** The form body parser: fast-querystring, once every field is known to decode. */
export function parseFormBody(parse: (text: string) => Record<string, unknown>) {
  return (text: string): Record<string, unknown> => {
    const field = undecodableField(text);
    if (field !== null) throw invalidTextError(field);
    return parse(text);
  };
}
