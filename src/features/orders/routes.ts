// The orders feature: checkout, the JSON API and customer pages. The staff's queue page (and its
// Ready / Collected forms) lives in src/features/barista.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ordersApi } from './api.js';
import { counterApi } from './counter-api.js';
import { orderPages } from './pages.js';
import { checkoutPage } from './checkout-page.js';
import { refundsApi } from './refunds-api.js';

export async function orderRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  await app.register(checkoutPage, { deps });
  await app.register(ordersApi, { deps });
  await app.register(refundsApi, { deps });
  await app.register(counterApi, { deps });
  await app.register(orderPages, { deps });
}
