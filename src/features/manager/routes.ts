import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { managerApi } from './api.js';
import { managerPages } from './pages.js';
import { specialDaysApi } from './special-days-api.js';
import { storeSettingsPages } from './store-settings-pages.js';

export async function managerRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(managerApi, options);
  await app.register(specialDaysApi, options);
  await app.register(managerPages, options);
  await app.register(storeSettingsPages, options);
}
