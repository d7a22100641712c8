import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { devMailboxPages } from './pages.js';

export async function devMailboxRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(devMailboxPages, options);
}
