// Shared JSON schema pieces for the API: the error envelope and common params.
import Type from 'typebox';
import { MAX_RETURN_TO_LENGTH } from '../domain/limits.js';
import { SLUG_MAX_LENGTH, SLUG_PATTERN } from '../domain/slug.js';
import { formatAddress, isOpen, isPaused, type Store } from '../domain/store.js';

export const ErrorResponse = Type.Object({
  error: Type.Object({
    code: Type.String(),
    message: Type.String(),
    fields: Type.Optional(Type.Record(Type.String(), Type.String())),
  }),
});

/** Response schemas for the errors a route can answer with. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorResponse]));
}

export const Slug = Type.String({ pattern: SLUG_PATTERN, maxLength: SLUG_MAX_LENGTH });

export const UserJson = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  firstName: Type.String(),
  lastName: Type.String(),
  roles: Type.Array(Type.Object({ role: Type.String(), store: Type.Union([Type.String(), Type.Null()]) })),
});

/** A store as the stores, menu and manager APIs show it: open and paused as of now. */
export const StoreJson = Type.Object({
  slug: Type.String(),
  name: Type.String(),
  address: Type.String(),
  open: Type.Boolean(),
  paused: Type.Boolean(),
});

export function storeJson(store: Store, now: Date) {
  return { slug: store.slug, name: store.name, address: formatAddress(store), open: isOpen(store, now), paused: isPaused(store, now) };
}

/** A form's hidden "where to go next" field; pass the value through safeReturnTo. */
export const ReturnTo = Type.Optional(Type.String({ maxLength: MAX_RETURN_TO_LENGTH }));
