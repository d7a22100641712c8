import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { savedCardsApi } from './api.js';
import { savedCardPages } from './pages.js';

export async function savedCardRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(savedCardsApi, options);
  await app.register(savedCardPages, options);
}
