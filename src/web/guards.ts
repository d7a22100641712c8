// Route-level permission checks: put the requirement on the route
// (`{ preValidation: storeGuard('queue.view') }`), decided by src/domain/permissions.ts.
// preValidation runs before the body schema is checked, so a caller without the
// right gets 401/403 rather than learning what a valid body looks like.
import type { FastifyRequest } from 'fastify';
import { authorize, type AdminAction, type StoreManagerAction, type StoreStaffAction } from '../domain/permissions.js';

/** Allows the request when the caller may do `action` at the store named by the `:store` path parameter. */
export function storeGuard(action: StoreStaffAction | StoreManagerAction) {
  return async function guardStore(request: FastifyRequest): Promise<void> {
    const storeSlug = (request.params as { store?: unknown } | undefined)?.store;
    authorize(request.user, action, { storeSlug: typeof storeSlug === 'string' ? storeSlug : null });
  };
}

/** Allows only admins (401 for guests, 403 for everyone else). */
export function adminGuard(action: AdminAction = 'admin.access') {
  return async function guardAdmin(request: FastifyRequest): Promise<void> {
    authorize(request.user, action);
  };
}
