import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { baristaApi } from './api.js';
import { baristaPages } from './pages.js';

export async function baristaRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(baristaApi, options);
  await app.register(baristaPages, options);
}
