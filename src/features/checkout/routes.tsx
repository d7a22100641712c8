// Checkout: viewing it changes nothing; it only reads the basket.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { viewBasket } from '../basket/service.js';
import { CheckoutPage } from './views.js';

export async function checkoutRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get('/checkout', async (request, reply) => {
    const user = requireUser(request);
    const basket = await viewBasket(deps.db.writer, { userId: user.id });
    if (basket.lines.length === 0) return redirectWithFlash(reply, '/basket', 'Your basket is empty.');
    if (basket.hasProblems) return redirectWithFlash(reply, '/basket', 'Some items need your attention before checkout.');
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <CheckoutPage ctx={ctx} basket={basket} />);
  });
}
