// Removing a saved card from the account page.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { success } from '../../web/message.js';
import { redirectWithFlash } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { removeSavedCard } from './service.js';

export async function savedCardPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.post<{ Params: { id: string } }>('/account/cards/:id/remove', async (request, reply) => {
    const user = requireUser(request);
    const id = /^[1-9][0-9]{0,8}$/.test(request.params.id) ? Number(request.params.id) : -1;
    await removeSavedCard(deps, user.id, id);
    return redirectWithFlash(reply, '/account', success('Card removed.'));
  });
}
