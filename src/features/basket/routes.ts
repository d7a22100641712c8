import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { basketApi } from './api.js';
import { basketPages } from './pages.js';

export async function basketRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(basketApi, options);
  await app.register(basketPages, options);
}
