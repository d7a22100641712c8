// JSON API for the customer's saved cards: list and remove (a card is saved with `saveCard` when placing an order).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { errors } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { listSavedCards, removeSavedCard } from './service.js';

const auth = { security: [{ bearer: [] }] };
const SavedCardJson = Type.Object({
  id: Type.Integer(),
  brand: Type.String(),
  last4: Type.String({ pattern: '^[0-9]{4}$' }),
  expMonth: Type.Integer({ minimum: 1, maximum: 12 }),
  expYear: Type.Integer(),
});
const CardParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });

export async function savedCardsApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    '/api/v1/account/cards',
    {
      schema: {
        tags: ['saved cards'],
        summary: 'Your saved cards (brand, last 4, expiry), newest first',
        ...auth,
        response: { 200: Type.Array(SavedCardJson), ...errors(401) },
      },
    },
    async (request) => listSavedCards(deps, requireUser(request).id),
  );
  app.delete(
    '/api/v1/account/cards/:id',
    {
      schema: {
        tags: ['saved cards'],
        summary: 'Remove a saved card (here and at the payment provider)',
        ...auth,
        params: CardParams,
        response: { 204: Type.Null(), ...errors(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      await removeSavedCard(deps, requireUser(request).id, Number(request.params.id));
      return reply.code(204).send(null);
    },
  );
}
