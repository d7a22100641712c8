import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { favouritesApi } from './api.js';
import { favouritePages } from './pages.js';

export async function favouriteRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(favouritesApi, options);
  await app.register(favouritePages, options);
}
