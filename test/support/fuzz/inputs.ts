// What the fuzzer sends (issue 15 item 7): fast-check arbitraries for path parameters, query
// strings, headers and bodies. Each value is either plausible (a real slug, id or date, or what the
// route's JSON schema asks for: the request then reaches the handler) or hostile: NUL and other
// control characters, lone surrogates, undecodable percent-escapes, invalid UTF-8 bytes, huge and
// negative numbers, years 0 and 10000, deep or huge JSON, the wrong content type.
import fc from 'fast-check';

/** Values the running app knows (store and product slugs, order ids…), gathered before the run. */
export interface Pools {
  /** Plausible strings for a path parameter, a query value or a form field. */
  values: string[];
  /** Field and query names the app's forms and schemas use. */
  names: string[];
}

export const HOSTILE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '\r\n',
  '\t\v\f',
  '\u0085\u2028\u2029',
  '\uFFFD',
  '\uD800',
  'x\uDFFFy',
  '\uFEFF',
  '\u202Eevil',
  '😀',
  'é',
  'ﬀ',
  '../../etc/passwd',
  '/%2e%2e/%2e%2e/',
  "' OR 1=1 --",
  '"; DROP TABLE users; --',
  '<script>alert(1)</script>',
  '$' + '{7*7}{{7*7}}', // template injection, written apart so it is no template here
  '__proto__',
  'constructor',
  'toString',
  '0',
  '-0',
  '-1',
  '-0.01',
  '-100.00',
  '1.5',
  '1e309',
  '-1e309',
  '9007199254740993',
  '99999999999999999999999999',
  '-99999999999999999999999999',
  'NaN',
  'Infinity',
  '0x1F',
  '1_000',
  '1,50',
  '£3.40',
  '0000-01-01',
  '0000-00-00',
  '10000-01-01',
  '+010000-01-01',
  '-000001-01-01',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2026-11-25T25:61:00Z',
  '1970-01-01T00:00:00.000Z',
  '24:00',
  '-01:00',
  '99:99',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  'javascript:alert(1)',
  '//evil.example',
  'http://evil.example/',
  '%',
];

/** Pieces put into a URL or form body as they are (not percent-encoded): bad escapes, raw syntax. */
/** A form body over the 64 KB limit. */
const HUGE_FORM = `name=${'x'.repeat(70_000)}`;

export const RAW_PIECES = ['%00', '%FF', '%C3%28', '%E2%82', '%ED%A0%80', '%zz', '%', '%%', '&&', '==', '[]', '[a][b]', '%0D%0A', '%2F', '..', '#'];

// Long values; a body's 64 KB limit is tried by NASTY_JSON_TEXTS and HUGE_FORM (percent-encoding 70 000
// characters into a URL for every case would cost more than the request).
const LONG = fc.constantFrom(100, 300, 1_000, 5_000).chain((n) => fc.constantFrom('x', '9', 'é', '\u0000').map((c) => c.repeat(n)));
const controlled = fc.string({ unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c)), maxLength: 12 });
const anyUnicode = fc.string({ unit: 'binary', maxLength: 24 });

/** A hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...HOSTILE_STRINGS) },
  { weight: 2, arbitrary: controlled },
  { weight: 2, arbitrary: anyUnicode },
  { weight: 1, arbitrary: LONG },
);

/** A string value: plausible (from the pools) or hostile. */
export function valueString(pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...pools.values) },
    { weight: 5, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.integer({ min: -5, max: 60 }).map(String) },
  );
}

/**
 * encodeURIComponent, except that a lone surrogate (which it refuses) becomes the bytes a careless
 * encoder would send for it (ED A0 80 for U+D800): invalid UTF-8, on purpose.
 */
export function encodePiece(value: string): string {
  return value.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]|[\uD800-\uDFFF]|[^\uD800-\uDFFF]+/g, (part) => {
    const unit = part.charCodeAt(0);
    if (part.length > 1 || unit < 0xd800 || unit > 0xdfff) return encodeURIComponent(part);
    return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
  });
}

/** A URL piece: encoded, or with raw pieces (bad escapes) spliced in. */
export function urlPiece(pools: Pools): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: valueString(pools).map(encodePiece) },
    { weight: 2, arbitrary: fc.tuple(valueString(pools), fc.constantFrom(...RAW_PIECES)).map(([v, raw]) => `${encodePiece(v)}${raw}`) },
  );
}

/** A query string (without "?"): names the app uses and others, values plausible or hostile, some repeated. */
export function queryString(pools: Pools, names: string[]): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...names, ...pools.names) }, { weight: 1, arbitrary: hostileString.map(encodePiece) });
  const pair = fc.tuple(name, urlPiece(pools)).map(([k, v]) => `${k}=${v}`);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant('') },
    { weight: 8, arbitrary: fc.array(pair, { minLength: 1, maxLength: 6 }).map((pairs) => pairs.join('&')) },
    { weight: 1, arbitrary: fc.constantFrom(...RAW_PIECES, 'a=1&a=2&a=3', 'a[b][c][d][e][f]=1', `${'a=1&'.repeat(2_000)}a=1`) },
  );
}

// ------------------------------------------------------------------------------------------------
// JSON
// ------------------------------------------------------------------------------------------------

type Schema = Record<string, any>;

/** `value` once in `every` cases, else null (fc.option's freq is the other way round). */
export function rarely<T>(value: fc.Arbitrary<T>, every: number): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: every - 1, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: value });
}

const edgeNumber = fc.constantFrom(0, -0, -1, -0.01, 0.5, -100, 1e21, -1e21, 2 ** 31, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e308, -1e308, 5e-324);
const anyNumber = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), edgeNumber);

/** Any JSON value, small or deep. */
export function anyJson(pools: Pools): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(valueString(pools), anyNumber, fc.boolean(), fc.constant(null));
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    {
      weight: 2,
      arbitrary: fc.letrec((tie) => ({
        node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
        array: fc.array(tie('node'), { maxLength: 4 }),
        object: fc.dictionary(fc.oneof(fc.constantFrom(...pools.names), hostileString), tie('node'), { maxKeys: 4 }),
      })).node,
    },
  );
}

/** A value for a JSON schema: mostly what it asks for (to reach the handler), sometimes not. */
export function fromSchema(schema: Schema | undefined, pools: Pools, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 6) return anyJson(pools);
  return fc.oneof({ weight: 6, arbitrary: conforming(schema, pools, depth) }, { weight: 1, arbitrary: anyJson(pools) });
}

function conforming(schema: Schema, pools: Pools, depth: number): fc.Arbitrary<unknown> {
  if (schema['enum']) return fc.constantFrom(...(schema['enum'] as unknown[]));
  if (schema['const'] !== undefined) return fc.constant(schema['const']);
  const alternatives = (schema['anyOf'] ?? schema['oneOf']) as Schema[] | undefined;
  if (alternatives?.length) return fc.oneof(...alternatives.map((s) => fromSchema(s, pools, depth + 1)));
  const type = Array.isArray(schema['type']) ? schema['type'][0] : schema['type'];
  switch (type) {
    case 'object': {
      const properties = (schema['properties'] ?? {}) as Record<string, Schema>;
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, value] of Object.entries(properties)) shape[key] = fromSchema(value, pools, depth + 1);
      const required = ((schema['required'] ?? []) as string[]).filter((k) => k in shape);
      const record = fc.record(shape, { requiredKeys: required });
      // Now and then a key the schema does not know, or a prototype-polluting one.
      return fc
        .tuple(record, rarely(fc.tuple(fc.constantFrom('__proto__', 'constructor', 'extra', ...pools.names), anyJson(pools)), 5))
        .map(([object, extra]) => (extra ? JSON.parse(JSON.stringify({ ...object, [extra[0]]: extra[1] })) : object));
    }
    case 'array': {
      const max = Math.min(Number(schema['maxItems'] ?? 5) + 2, 12);
      return fc.oneof(
        { weight: 8, arbitrary: fc.array(fromSchema(schema['items'], pools, depth + 1), { maxLength: max }) },
        { weight: 1, arbitrary: fc.constant(Array.from({ length: 5_000 }, (_, i) => i)) },
      );
    }
    case 'string':
      return fc.oneof({ weight: 4, arbitrary: plausibleString(schema, pools) }, { weight: 2, arbitrary: valueString(pools) });
    case 'integer':
    case 'number': {
      const min = typeof schema['minimum'] === 'number' ? schema['minimum'] : -1_000;
      const max = typeof schema['maximum'] === 'number' ? schema['maximum'] : 100_000;
      return fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) },
        { weight: 2, arbitrary: anyNumber },
        { weight: 1, arbitrary: valueString(pools) },
      );
    }
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 'on', 1, null) });
    case 'null':
      return fc.constant(null);
    default:
      return anyJson(pools);
  }
}

function plausibleString(schema: Schema, pools: Pools): fc.Arbitrary<string> {
  const format = schema['format'] as string | undefined;
  if (format === 'date')
    return fc.oneof(
      fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
      hostileString,
    );
  if (format === 'date-time') return fc.date({ min: new Date('1999-12-01'), max: new Date('2101-01-31'), noInvalidDate: true }).map((d) => d.toISOString());
  if (format === 'email') return fc.emailAddress();
  if (format === 'uuid') return fc.uuid();
  if (typeof schema['pattern'] === 'string') {
    try {
      return fc.stringMatching(new RegExp(schema['pattern'] as string), { size: 'small' });
    } catch {
      // A pattern fast-check cannot generate from: plain values then.
    }
  }
  return fc.constantFrom(...pools.values);
}

/** JSON texts no serialiser writes: deep nesting, huge numbers, duplicate keys, bad escapes, a BOM. */
export const NASTY_JSON_TEXTS = [
  `${'['.repeat(30_000)}${']'.repeat(30_000)}`,
  `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
  `[${Array.from({ length: 10_000 }, (_, i) => i).join(',')}]`,
  '{"quantity":1e400,"price":-1e400}',
  '{"quantity":123456789012345678901234567890}',
  '{"a":1,"a":2}',
  '{"__proto__":{"isAdmin":true}}',
  '{"constructor":{"prototype":{"x":1}}}',
  '{"name":"\\u0000"}',
  '{"name":"\\ud800"}',
  '\uFEFF{}',
  '{"a":',
  '{a:1}',
  "{'a':1}",
  'null',
  '"string"',
  '12',
  '[]',
  '',
  'NaN',
];

// ------------------------------------------------------------------------------------------------
// Whole requests
// ------------------------------------------------------------------------------------------------

export type Csrf = 'valid' | 'missing' | 'wrong';

/** A request body: bytes and the content type to claim for them (none: no header). */
export interface Payload {
  contentType?: string;
  body: string | Buffer;
}

const WRONG_TYPES = [
  'text/plain',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded; charset=latin1',
  'multipart/form-data',
  'multipart/form-data; boundary=',
  'image/png',
  '*/*',
  'application/json\u0000',
  ';;;',
];
const INVALID_UTF8 = [
  Buffer.from([0xff, 0xfe, 0xfd]),
  Buffer.from([0xc3, 0x28]),
  Buffer.from([0xed, 0xa0, 0x80]),
  Buffer.from([0xe2, 0x82]),
  Buffer.from([0xc0, 0x80]),
];

function withInvalidUtf8(text: string, bytes: Buffer, at: number): Buffer {
  const cut = Math.min(text.length, at);
  return Buffer.concat([Buffer.from(text.slice(0, cut)), bytes, Buffer.from(text.slice(cut))]);
}

/** A JSON body for an API route: from its schema, or nasty text, or the wrong type, or invalid UTF-8. */
export function apiBody(schema: Schema | undefined, pools: Pools): fc.Arbitrary<Payload | undefined> {
  const json = fromSchema(schema, pools).map((value) => JSON.stringify(value) ?? 'null');
  return fc.oneof(
    { weight: 12, arbitrary: json.map((body) => ({ contentType: 'application/json', body })) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_JSON_TEXTS).map((body) => ({ contentType: 'application/json', body })) },
    { weight: 1, arbitrary: fc.tuple(json, fc.constantFrom(...WRONG_TYPES)).map(([body, contentType]) => ({ contentType, body })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(json, fc.constantFrom(...INVALID_UTF8), fc.nat(200))
        .map(([text, bytes, at]) => ({ contentType: 'application/json', body: withInvalidUtf8(text, bytes, at) })),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Form fields: names the app's forms use, values plausible or hostile, some repeated. */
export function formFields(pools: Pools): fc.Arbitrary<[string, string][]> {
  const name = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...pools.names) }, { weight: 1, arbitrary: hostileString });
  return fc.array(fc.tuple(name, valueString(pools)), { maxLength: 10 });
}

/** A page form's body: urlencoded (with the CSRF token or not), multipart, JSON, the wrong type, invalid UTF-8. */
export function pageBody(pools: Pools): fc.Arbitrary<{ csrf: Csrf; encode: (token: string) => Payload } | undefined> {
  const csrf = fc.constantFrom<Csrf>('valid', 'valid', 'valid', 'valid', 'valid', 'valid', 'missing', 'wrong');
  const urlencoded = (fields: [string, string][], token: string | null, raw?: string) => {
    const form = new URLSearchParams();
    if (token !== null) form.append('_csrf', token);
    for (const [k, v] of fields) form.append(k, v);
    return `${form.toString()}${raw ? `&${raw}` : ''}`;
  };
  const tokenFor = (kind: Csrf, token: string) => (kind === 'missing' ? null : kind === 'wrong' ? `${token}x` : token);
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc.tuple(csrf, formFields(pools), rarely(fc.constantFrom(...RAW_PIECES, HUGE_FORM), 6)).map(([kind, fields, raw]) => ({
        csrf: kind,
        encode: (token: string) => ({ contentType: 'application/x-www-form-urlencoded', body: urlencoded(fields, tokenFor(kind, token), raw ?? undefined) }),
      })),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(csrf, formFields(pools)).map(([kind, fields]) => ({
        csrf: kind,
        encode: (token: string) => {
          const boundary = 'fuzzboundary';
          const all: [string, string][] = [...(kind === 'missing' ? [] : [['_csrf', tokenFor(kind, token)!] as [string, string]]), ...fields];
          const parts = all.map(([k, v]) => `--${boundary}\r\ncontent-disposition: form-data; name="${k.replace(/["\r\n]/g, '')}"\r\n\r\n${v}\r\n`);
          return { contentType: `multipart/form-data; boundary=${boundary}`, body: `${parts.join('')}--${boundary}--\r\n` };
        },
      })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(csrf, formFields(pools), fc.constantFrom(...INVALID_UTF8), fc.nat(300)).map(([kind, fields, bytes, at]) => ({
        csrf: kind,
        encode: (token: string) => ({
          contentType: 'application/x-www-form-urlencoded',
          body: withInvalidUtf8(urlencoded(fields, tokenFor(kind, token)), bytes, at),
        }),
      })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          fc.oneof(
            anyJson(pools).map((v) => JSON.stringify(v) ?? 'null'),
            fc.constantFrom(...NASTY_JSON_TEXTS),
          ),
          fc.constantFrom('application/json', ...WRONG_TYPES),
        )
        .map(([body, contentType]) => ({ csrf: 'valid' as Csrf, encode: () => ({ contentType, body }) })),
    },
    { weight: 1, arbitrary: fc.constant(undefined) },
  );
}

/** Extra request headers, plausible or hostile (NUL and control characters included). */
export function headers(pools: Pools): fc.Arbitrary<Record<string, string>> {
  const value = fc.oneof({ weight: 3, arbitrary: valueString(pools) }, { weight: 1, arbitrary: fc.uuid() });
  const printable = valueString(pools).map((v) => v.replace(/[^\t\x20-\x7e\x80-\xff]/g, '?'));
  return fc.record(
    {
      accept: fc.constantFrom('text/html', 'application/json', 'text/event-stream', '*/*', 'image/*', 'text/csv', '', 'application/json;q=0,text/html;q=0'),
      'accept-language': fc.oneof(fc.constantFrom('en-GB', 'de', '*', 'x'.repeat(1_000)), printable),
      'accept-encoding': fc.constantFrom('gzip', 'br', 'deflate', 'identity', '*', 'gzip;q=0,identity;q=0', 'zstd'),
      'if-none-match': fc.oneof(value, fc.constant('*'), fc.constant('W/"0"')),
      'if-modified-since': fc.constantFrom('Thu, 01 Jan 1970 00:00:00 GMT', 'not a date', '0000-01-01'),
      'last-event-id': value,
      'idempotency-key': value,
      'x-request-id': value,
      'x-csrf-token': value,
      'x-forwarded-for': fc.oneof(fc.ipV4(), fc.ipV6(), value),
      'x-forwarded-proto': fc.constantFrom('https', 'http', 'gopher'),
      'user-agent': printable,
      referer: value,
      origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost'),
      range: fc.constantFrom('bytes=0-1', 'bytes=-1', 'bytes=99999999999999999999-', 'bytes=5-1'),
    },
    { requiredKeys: [] },
  );
}
