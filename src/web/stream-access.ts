// What a live stream needs to re-check its caller's right to it (src/live/sse.ts, decision 501):
// the session is read again from the database (logged out, password changed, disabled or erased ⇒
// gone) and the route's own permission is asked again with the user's grants as they are now
// (a revoked role ⇒ refused).
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { StreamAccess } from '../live/sse.js';
import type { CurrentUser } from './current-user.js';
import { findSessionUser } from './session-store.js';
import { read } from '../db/unit-of-work.js';

/** `permits` throws (authorize) or returns false when the user may no longer see the stream. */
export function streamAccess(deps: AppDeps, request: FastifyRequest, permits: (user: CurrentUser) => unknown): StreamAccess | undefined {
  const secret = request.sessionSecret;
  const userId = request.user?.id;
  if (!secret || userId === undefined) return undefined;
  return {
    userId,
    async stillAllowed() {
      // The writer, or a caught-up replica while it is away (decision 800): a failover must not end
      // every open stream because its re-check could not reach the leader.
      const user = await read(deps.db.pageReads, (db) => findSessionUser(db, secret, deps.clock()));
      if (!user || user.id !== userId) return false;
      try {
        return permits(user) !== false;
      } catch {
        return false;
      }
    },
  };
}
