import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../app.js';
import { menuApi } from './api.js';
import { menuPages } from './pages.js';

export async function menuRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(menuApi, options);
  await app.register(menuPages, options);
}
