// The orders feature: JSON API, customer pages and the staff minimum.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { ordersApi } from './api.js';
import { orderPages } from './pages.js';
import { staffOrderPages } from './staff-pages.js';

export async function orderRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  await app.register(ordersApi, { deps });
  await app.register(orderPages, { deps });
  await app.register(staffOrderPages, { deps });
}
