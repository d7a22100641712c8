import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { passwordResetPages } from './pages.js';

export async function passwordResetRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(passwordResetPages, options);
}
