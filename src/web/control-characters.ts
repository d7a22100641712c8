// PostgreSQL refuses NUL in text, and no field of ours has a use for the other C0 control
// characters: so every string a request carries (route params, query string, form or JSON body,
// the text parts of a multipart body) is checked here, once, before any guard or handler runs.
// Tab, CR and LF pass everywhere: multi-line fields need them and they harm nothing elsewhere.
// A refusal is a ValidationError naming the field, so the one error handler answers 400 with the
// API's `{error:{code,message,fields}}` or the error page, and nothing has changed.
import type { FastifyInstance } from 'fastify';
import { ValidationError } from '../domain/errors.js';
import { invalidTextError, isValidText, undecodableField } from './invalid-text.js';

// C0 controls except \t (09), \n (0A), \r (0D).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
const PROBLEM = 'must not contain control characters';
/**
 * How deep a body or query may nest. Ours nest three or four levels; the walks below recurse, so
 * 30 000 nested arrays (60 KB, under the body limit) overflowed the stack into a 500 (decision 521).
 */
export const MAX_NESTING = 32;

/** Whether `value` nests objects or arrays more than `max` levels deep (iterative: no recursion to overflow). */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object' || ArrayBuffer.isView(node) || node instanceof ArrayBuffer) continue;
    if (depth >= max) return true;
    for (const child of Object.values(node as Record<string, unknown>)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The first field (dotted path) whose name or text holds a control character (or fails `bad`), or null. */
export function fieldWithControlCharacter(value: unknown, path: string, bad: (text: string) => boolean = (text) => CONTROL.test(text)): string | null {
  if (typeof value === 'string') return bad(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  // Bytes (a webhook's raw body, an uploaded file's data) are not text.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = fieldWithControlCharacter(value[i], `${path}.${i}`, bad);
      if (found) return found;
    }
    return null;
  }
  // Parsed forms and query strings are objects without Object.prototype: walk own keys, whatever the prototype.
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    const childPath = path ? `${path}.${key}` : key;
    if (bad(key)) return path || 'body';
    const found = fieldWithControlCharacter(child, childPath, bad);
    if (found) return found;
  }
  return null;
}

export function refuseControlCharacters(app: FastifyInstance): void {
  // preValidation: the body is parsed by now, and root hooks run before the routes' own
  // preValidation guards (which read params) and before the schema and the handler.
  app.addHook('preValidation', async (request) => {
    if (nestsDeeperThan(request.body, MAX_NESTING)) {
      throw new ValidationError({ body: `must not nest more than ${MAX_NESTING} levels deep` }, `The request nests more than ${MAX_NESTING} levels deep.`);
    }
    const field = fieldWithControlCharacter(request.params, '') ?? fieldWithControlCharacter(request.query, '') ?? fieldWithControlCharacter(request.body, '');
    if (field !== null) {
      const named = field || 'body';
      throw new ValidationError({ [named]: PROBLEM }, `The field "${named}" contains a control character (such as NUL), which we cannot accept.`);
    }
    // Invalid UTF-8 (decision 513): percent-encoded in the raw query string, or decoded into the parsed strings.
    const query = request.url.indexOf('?');
    const undecodable = query === -1 ? null : undecodableField(request.url.slice(query + 1));
    if (undecodable !== null) throw invalidTextError(undecodable);
    const invalid = (text: string) => !isValidText(text);
    const broken =
      fieldWithControlCharacter(request.params, '', invalid) ??
      fieldWithControlCharacter(request.query, '', invalid) ??
      fieldWithControlCharacter(request.body, '', invalid);
    if (broken !== null) throw invalidTextError(broken);
  });
}
