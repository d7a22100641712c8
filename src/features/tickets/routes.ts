import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ticketPages } from './pages.js';

export async function ticketRoutes(app: FastifyInstance, options: { deps: AppDeps }) {
  await app.register(ticketPages, options);
}
