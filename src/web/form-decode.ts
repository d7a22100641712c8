// Decodes a form body (urlencoded, or the text fields of a multipart body) with a TypeBox
// schema — the same schema object the JSON API validates with, where both exist. Form
// fields are all text, so the schema says how to read each one:
//   integer / number  the text as a number; empty means "not given"
//   boolean           "on" / "true" / "1" is true, "" / "off" / "false" / "0" is false; absent is the
//                     schema's default: a checkbox is `Type.Boolean({ default: false })` (unticked sends nothing)
//   array             every value of a repeated field (absent: an empty list)
//   object / record   dotted names: `opens.1`, `options.milk` (a record takes every `options.*` field)
//   string            the text, trimmed unless the field is listed in `untrimmed`; an optional
//                     field left empty is not given
// This module and form-route.ts are the only places that read form fields (a lint rule keeps it so).
import Type, { type Static, type TObject, type TSchema } from 'typebox';
import Value from 'typebox/value';
import type { FieldErrors } from '../domain/errors.js';

type Body = Record<string, unknown>;

export interface FormOptions {
  /**
   * What to say when a field is wrong, by field name (`opens.1`), by its parent with `*`
   * (`options.*`), or by its top-level name (`opens`). Fields without one get a plain default.
   */
  messages?: Record<string, string>;
  /** Fields read exactly as typed (passwords); every other text field is trimmed. */
  untrimmed?: readonly string[];
}

/** What was typed, to put back into the form when it is shown again. */
export interface TypedValues {
  /** Each field's text (the first, for a repeated field). */
  values: Record<string, string>;
  /** Each field's every value (checkbox groups, multi-selects). */
  lists: Record<string, string[]>;
}

/** Either the decoded value, or the problems by field with the fields that did decode (`partial`). */
export type Decoded<T> = ({ ok: true; value: T } & TypedValues) | ({ ok: false; errors: FieldErrors; partial: Partial<T> } & TypedValues);

const CSRF_FIELD = '_csrf';
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TRUE = new Set(['on', 'true', '1', 'yes']);
const FALSE = new Set(['', 'off', 'false', '0', 'no']);

/** Every text value the body holds for one field (file parts and the like are not text). */
function texts(body: Body, name: string): string[] {
  const raw = body[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((v): v is string => typeof v === 'string');
}

function arrayMember(schema: TSchema): TSchema | undefined {
  if (Type.IsArray(schema)) return schema;
  if (Type.IsUnion(schema)) return schema.anyOf.find((member) => Type.IsArray(member));
  return undefined;
}

function scalar(schema: TSchema, text: string, trim: boolean): unknown {
  if (Type.IsInteger(schema) || Type.IsNumber(schema)) {
    const t = text.trim();
    if (t === '') return undefined;
    return NUMBER.test(t) ? Number(t) : text; // not a number: left as text, so the check names the field
  }
  if (Type.IsBoolean(schema)) {
    const t = text.trim().toLowerCase();
    return TRUE.has(t) ? true : FALSE.has(t) ? false : text;
  }
  return trim ? text.trim() : text;
}

function read(schema: TSchema, name: string, body: Body, options: FormOptions): unknown {
  if (Type.IsObject(schema)) {
    const out: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(schema.properties)) {
      const value = read(property as TSchema, name ? `${name}.${key}` : key, body, options);
      if (value !== undefined) out[key] = value;
    }
    return name && Object.keys(out).length === 0 ? undefined : out;
  }
  if (Type.IsRecord(schema)) {
    const valueSchema = Object.values(schema.patternProperties)[0] as TSchema;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(body)) {
      if (!key.startsWith(`${name}.`)) continue;
      const value = read(valueSchema, key, body, options);
      if (value !== undefined) out[key.slice(name.length + 1)] = value;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  const trim = !options.untrimmed?.includes(name);
  const found = texts(body, name);
  const array = arrayMember(schema);
  if (array && Type.IsArray(array)) return found.map((text) => scalar(array.items as TSchema, text, trim));
  if (Type.IsBoolean(schema) && found.length === 0) return (schema as { default?: boolean }).default; // an unticked checkbox sends nothing
  if (found.length === 0) return undefined;
  const value = scalar(schema, found[0]!, trim);
  return value === '' && Type.IsOptional(schema) ? undefined : value; // an optional box left empty: not given
}

/** The schema an error points at (`#/properties/quantity`), for limits the message should name. */
function schemaAt(root: TSchema, pointer: string): Record<string, unknown> {
  let node: unknown = root;
  for (const part of pointer.replace(/^#\/?/, '').split('/').filter(Boolean)) {
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[decodeURIComponent(part)] : undefined;
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : {};
}

function rangeText(schema: Record<string, unknown>): string {
  const { minimum: min, maximum: max } = schema;
  if (typeof min === 'number' && typeof max === 'number') return ` from ${min} to ${max}`;
  if (typeof min === 'number') return ` of ${min} or more`;
  if (typeof max === 'number') return ` of ${max} or less`;
  return '';
}

/** A default message a person understands, for a field the form gave no message for. */
function defaultMessage(error: { keyword: string; params: object }, schema: Record<string, unknown>): string {
  const params = error.params as Record<string, unknown>;
  const whole = schema['type'] === 'integer';
  switch (error.keyword) {
    case 'required':
      return 'Fill this in.';
    case 'type':
      if (params['type'] === 'integer' || params['type'] === 'number') return `Enter ${whole ? 'a whole number' : 'a number'}${rangeText(schema)}.`;
      if (params['type'] === 'boolean') return 'Choose yes or no.';
      return 'Fill this in.';
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
      return `Enter ${whole ? 'a whole number' : 'a number'}${rangeText(schema)}.`;
    case 'minLength':
      return params['limit'] === 1 ? 'Fill this in.' : `Use at least ${params['limit']} characters.`;
    case 'maxLength':
      return `Use at most ${params['limit']} characters.`;
    case 'minItems':
      return `Choose at least ${params['limit']}.`;
    case 'maxItems':
      return `Choose at most ${params['limit']}.`;
    case 'maxProperties':
      return `Send at most ${params['limit']} of these fields.`;
    case 'const':
    case 'enum':
    case 'anyOf':
    case 'oneOf':
      return 'Choose one of the options.';
    default:
      return 'Check this field.';
  }
}

function messageFor(field: string, options: FormOptions): string | undefined {
  const messages = options.messages ?? {};
  const parent = field.includes('.') ? `${field.slice(0, field.lastIndexOf('.'))}.*` : undefined;
  return messages[field] ?? (parent ? messages[parent] : undefined) ?? messages[field.split('.')[0]!];
}

/** Field errors keyed by the form's field names (`quantity`, `options.milk`), first problem per field. */
function fieldErrors(schema: TSchema, value: unknown, options: FormOptions): FieldErrors {
  const errors: FieldErrors = {};
  for (const error of Value.Errors(schema, value)) {
    const path = error.instancePath.split('/').filter(Boolean).map(decodeURIComponent).join('.');
    const fields =
      error.keyword === 'required'
        ? (error.params as { requiredProperties: string[] }).requiredProperties.map((p) => (path ? `${path}.${p}` : p))
        : [path || 'form'];
    for (const field of fields) {
      errors[field] ??= messageFor(field, options) ?? defaultMessage(error, schemaAt(schema, error.schemaPath));
    }
  }
  return errors;
}

function typed(body: Body): TypedValues {
  const values: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  for (const name of Object.keys(body)) {
    if (name === CSRF_FIELD) continue;
    const found = texts(body, name);
    if (found.length === 0) continue;
    values[name] = found[0]!;
    lists[name] = found;
  }
  return { values, lists };
}

/** Reads `body` as `schema` says; either the typed value or every field's problem. */
export function decodeForm<S extends TObject>(schema: S, body: unknown, options: FormOptions = {}): Decoded<Static<S>> {
  const fields: Body = body && typeof body === 'object' ? (body as Body) : {};
  const echo = typed(fields);
  const value = read(schema, '', fields, options);
  if (Value.Check(schema, value)) return { ok: true, value: value as Static<S>, ...echo };
  const errors = fieldErrors(schema, value, options);
  const partial = Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([key]) => !Object.keys(errors).some((field) => field === key || field.startsWith(`${key}.`))),
  );
  return { ok: false, errors, partial: partial as Partial<Static<S>>, ...echo };
}
