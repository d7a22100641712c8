// What the layout needs on every page: who is signed in, the chosen store, the basket count.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../deps.js';
import { basketSummary, ownerOf } from '../features/basket/service.js';
import type { PageContext } from './layout.js';
import { takeFlash } from './render.js';

export async function pageContext(deps: AppDeps, request: FastifyRequest, reply: FastifyReply): Promise<PageContext> {
  const summary = await basketSummary(deps.db.writer, ownerOf(request));
  return {
    user: request.user,
    csrfToken: request.csrfToken,
    flash: takeFlash(request.cookies, reply),
    store: summary.store,
    basketCount: summary.count,
    path: request.url,
  };
}
