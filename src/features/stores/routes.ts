import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { storeApi } from './api.js';
import { storePages } from './pages.js';

export async function storeRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(storeApi, options);
  await app.register(storePages, options);
}
