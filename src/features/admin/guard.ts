// Who may use the admin area. One small check the staff engineer's
// permissions module (src/domain/permissions.ts) can replace without touching the routes.
import type { FastifyRequest } from 'fastify';
import { ForbiddenError } from '../../domain/errors.js';
import { requireUser } from '../../web/session.js';
import type { CurrentUser } from '../accounts/sessions.js';

export function isAdmin(user: CurrentUser | null): boolean {
  return user?.grants.some((g) => g.role === 'admin') ?? false;
}

/** The signed-in admin; 401 for a guest, 403 for anyone else. */
export function requireAdmin(request: FastifyRequest): CurrentUser {
  const user = requireUser(request);
  if (!isAdmin(user)) throw new ForbiddenError('Only administrators can use the admin area.');
  return user;
}
