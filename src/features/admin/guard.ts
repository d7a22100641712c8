// Who may use the admin area, decided by src/domain/permissions.ts.
import type { FastifyRequest } from 'fastify';
import { authorize, type AdminAction } from '../../domain/permissions.js';
import type { CurrentUser } from '../../web/current-user.js';

/** The signed-in admin; 401 for a guest, 403 for anyone else. */
export function requireAdmin(request: FastifyRequest, action: AdminAction = 'admin.access'): CurrentUser {
  return authorize(request.user, action);
}
