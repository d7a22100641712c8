// The JS type of every PostgreSQL column type the app reads, decided once for both engines
// (decision 220). Each entry parses the text form PostgreSQL sends, keyed by type OID: PGlite
// and node-postgres both accept such parsers, so each engine's connect applies this
// one table and every query, on either engine, hands the code the same JS types.
// A Kysely plugin cannot do this job: a result row carries no column types, and an int8 count
// that arrives as the string '42' cannot be told apart from a text column holding '42'.

/** PostgreSQL type OIDs (pg_type.oid), fixed since PostgreSQL 7. */
export const PG_TYPE = {
  int8: 20,
  json: 114,
  date: 1082,
  timestamptz: 1184,
  numeric: 1700,
  jsonb: 3802,
} as const;

/**
 * int8 (bigserial ids, count(*), sum(int4)) as a number. Every int8 the app reads is a row id or
 * a count or sum of rows, far below 2^53; a value beyond would silently lose digits as a number,
 * so it is refused instead of rounded.
 */
export function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new RangeError(`int8 value ${text} is beyond JavaScript's safe integers`);
  return value;
}

/**
 * numeric as a number. No column is numeric (money is int4 pence); numeric only comes from
 * computed values — extract(epoch …), avg(), sum(int8) — which callers use as plain numbers.
 */
export function parseNumeric(text: string): number {
  return Number(text);
}

/** A calendar day ('2026-11-30') stays text: it has no time zone, and a Date would invent one. */
export function parseDate(text: string): string {
  return text;
}

export function parseTimestamptz(text: string): Date {
  return new Date(text);
}

export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** Text → JS value, by type OID. Types not listed keep their driver's (identical) default. */
export const COLUMN_PARSERS: Readonly<Record<number, (text: string) => unknown>> = {
  [PG_TYPE.int8]: parseInt8,
  [PG_TYPE.numeric]: parseNumeric,
  [PG_TYPE.date]: parseDate,
  [PG_TYPE.timestamptz]: parseTimestamptz,
  [PG_TYPE.json]: parseJson,
  [PG_TYPE.jsonb]: parseJson,
};
