// Is every field a route reads bounded? (issue 15 item 1, decision 524) Walks a JSON schema (a
// route's body, querystring, params or headers, or a page form's TypeBox schema) and lists each
// field that has no explicit limit, by its path:
//   string   maxLength; or an enum / const; or a format of fixed length (date, time, uuid); or a
//            pattern that bounds the length (anchored ^…$, no *, + or {n,}, no top-level |)
//   number   both a minimum and a maximum (exclusive ones count)
//   array    maxItems (and its items bounded)
//   object   no extra properties (additionalProperties: false), or a maxProperties bound
//            (a record). Closed by their reader, whatever the schema says: path parameters (the
//            router makes exactly the pattern's names) and a page form's objects (form-decode.ts
//            reads only the declared fields; its records, `options.*`, take every field and so
//            need maxProperties). Other top-level names in a query string or headers are ignored
//            by the handler, and Node bounds the whole at 16 KB (maxHeaderSize).
//   boolean, null   bounded by their type
//   anything else (no type: "any")   unbounded
type Schema = Record<string, unknown>;

/** Formats whose grammar fixes the length. */
const FIXED_LENGTH_FORMATS = new Set(['date', 'time', 'uuid']);

/** Does this regular expression (source text) bound the length of what it matches? */
const inner = (options: Reader): Reader => ({ objectsClosed: options.objectsClosed ?? false });

/** How each part of a request is read: see the rules above. */
export const READERS: Record<'body' | 'querystring' | 'params' | 'headers' | 'form', Reader> = {
  body: {},
  querystring: { extraAtTop: true },
  params: { objectsClosed: true },
  headers: { extraAtTop: true },
  form: { objectsClosed: true },
};

export function patternBoundsLength(pattern: string): boolean {
  if (!pattern.startsWith('^') || !pattern.endsWith('$') || pattern.endsWith('\\$')) return false;
  // Escapes and character classes say nothing of repetition: drop them before looking.
  const bare = pattern.replace(/\\./g, 'e').replace(/\[[^\]]*\]/g, 'c');
  if (/[*+]|\{\d+,\}/.test(bare)) return false;
  let depth = 0;
  for (const ch of bare) {
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0) return false; // ^a|b$ is (^a)|(b$): either end is open
  }
  return true;
}

function numberBounded(schema: Schema): boolean {
  const low = typeof schema['minimum'] === 'number' || typeof schema['exclusiveMinimum'] === 'number';
  const high = typeof schema['maximum'] === 'number' || typeof schema['exclusiveMaximum'] === 'number';
  return low && high;
}

function stringBounded(schema: Schema): boolean {
  if (typeof schema['maxLength'] === 'number') return true;
  if (typeof schema['format'] === 'string' && FIXED_LENGTH_FORMATS.has(schema['format'])) return true;
  return typeof schema['pattern'] === 'string' && patternBoundsLength(schema['pattern']);
}

/** Every unbounded field under `schema`, as "path: what is missing" (the path is `field.sub.[]`). */
export interface Reader {
  /** Objects with declared properties only are closed by the reader (the router, the form decoder). */
  objectsClosed?: boolean;
  /** Other names at the top are ignored (a query string, headers). */
  extraAtTop?: boolean;
}

export function unboundedFields(schema: unknown, path: string, options: Reader = {}): string[] {
  if (!schema || typeof schema !== 'object') return [`${path}: no schema`];
  const s = schema as Schema;
  if (Array.isArray(s['enum']) || 'const' in s) return [];
  const problems: string[] = [];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = s[key];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) problems.push(...unboundedFields(branch, path, options));
  }
  if (problems.length > 0 || ((s['anyOf'] || s['oneOf'] || s['allOf']) && s['type'] === undefined)) return problems;
  const types = [s['type']].flat();
  if (s['type'] === undefined) return [`${path}: any value (no type)`];
  for (const type of types) {
    switch (type) {
      case 'string':
        if (!stringBounded(s)) problems.push(`${path}: string without maxLength`);
        break;
      case 'integer':
      case 'number':
        if (!numberBounded(s)) problems.push(`${path}: ${type} without both minimum and maximum`);
        break;
      case 'array':
        if (typeof s['maxItems'] !== 'number') problems.push(`${path}: array without maxItems`);
        problems.push(...unboundedFields(s['items'], `${path}.[]`, inner(options)));
        break;
      case 'object': {
        const properties = (s['properties'] ?? {}) as Record<string, unknown>;
        for (const [name, property] of Object.entries(properties)) problems.push(...unboundedFields(property, path ? `${path}.${name}` : name, inner(options)));
        const patterns = (s['patternProperties'] ?? {}) as Record<string, unknown>;
        for (const [pattern, property] of Object.entries(patterns)) problems.push(...unboundedFields(property, `${path}.<${pattern}>`, inner(options)));
        const extra = s['additionalProperties'];
        if (typeof extra === 'object' && extra !== null) problems.push(...unboundedFields(extra, `${path}.*`, inner(options)));
        const record = Object.keys(patterns).length > 0 || (typeof extra === 'object' && extra !== null);
        const closed = !record && (extra === false || options.objectsClosed || (options.extraAtTop && path === ''));
        if (!closed && typeof s['maxProperties'] !== 'number') {
          problems.push(`${path || '(top)'}: object takes other properties without maxProperties`);
        }
        break;
      }
      case 'boolean':
      case 'null':
        break;
      default:
        problems.push(`${path}: unknown type ${String(type)}`);
    }
  }
  return problems;
}
