import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { accountApi } from './api.js';
import { accountPages } from './pages.js';
import { accountSelfServiceApi } from './self-service-api.js';
import { accountSelfServicePages } from './self-service-pages.js';
import { twoFactorPages } from './two-factor-pages.js';

export async function accountRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(accountApi, options);
  await app.register(accountPages, options);
  await app.register(accountSelfServiceApi, options);
  await app.register(accountSelfServicePages, options);
  await app.register(twoFactorPages, options);
}
