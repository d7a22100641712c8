// What the layout needs on every page: who is signed in, the chosen store, the basket count.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import type { PageContext } from './layout.js';
import { takeFlash } from './render.js';
import { isBackOfficePath, isStaffPath, staffContext } from './staff-context.js';

/** The header's store and basket count for this visitor. The basket feature answers it; app.ts wires it
 * in with provideBasketBadge, so this layer needs no feature. */
export type BasketBadge = (request: FastifyRequest) => Promise<{ store: { slug: string; name: string } | null; count: number }>;

declare module 'fastify' {
  interface FastifyInstance {
    basketBadge: BasketBadge;
  }
}

/** Call on the root instance before the feature routes are registered: every page then finds it. */
export function provideBasketBadge(app: FastifyInstance, badge: BasketBadge): void {
  app.decorate('basketBadge', badge);
}

export async function pageContext(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const frame = { user: request.user, csrfToken: request.csrfToken, flash: takeFlash(request.cookies, reply), path: request.url };
  // Staff pages carry the staff app's frame (its store switcher and tabs), not the basket.
  if (isStaffPath(request.url)) {
    const hasPage = (tab: string) => request.server.hasRoute({ method: 'GET', url: `/staff/:store/${tab}` });
    return { ...frame, store: null, basketCount: 0, staff: await staffContext(deps.db.writer, request.user, request.url, hasPage) };
  }
  // The back office (/admin) is staff's too: no basket and no store chooser there either.
  if (isBackOfficePath(request.url)) return { ...frame, store: null, basketCount: 0, backOffice: true };
  const summary = await request.server.basketBadge(request);
  return { ...frame, store: summary.store, basketCount: summary.count };
}
