import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { menuApi } from './api.js';
import { menuPages } from './pages.js';
import { MenuCache } from './menu-cache.js';

export async function menuRoutes(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const menuCache = new MenuCache(deps);
  await app.register(menuApi, { deps, menuCache });
  await app.register(menuPages, { deps, menuCache });
}
