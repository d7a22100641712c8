// JSON API for the customer's favourites: list, save, remove, and order one again (with a mode).
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { errors } from '../../web/schemas.js';
import { requireUser } from '../../web/session.js';
import { orderAgainJson, orderAgainRoute, refillBasket } from '../orders/index.js';
import { FavouriteBody, FavouriteJson, FavouriteParams } from './schemas.js';
import { addFavourite, listFavourites, removeFavourite, type Favourite } from './service.js';
import { favouriteSource } from './source.js';

const auth = { security: [{ bearer: [] }] };
const json = (f: Favourite) => ({ id: f.id, product: f.product, name: f.name, options: f.options, quantity: f.quantity });

export async function favouritesApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;

  app.get(
    '/api/v1/favourites',
    { schema: { tags: ['favourites'], summary: 'Your favourite drinks, newest first', ...auth, response: { 200: Type.Array(FavouriteJson), ...errors(401) } } },
    async (request) => (await listFavourites(db, requireUser(request).id)).map(json),
  );

  app.post(
    '/api/v1/favourites',
    {
      schema: {
        tags: ['favourites'],
        summary: 'Save a drink as customised (saving the same drink again updates its quantity)',
        description:
          "The choice is checked against the menu of `store` (default: your basket's store). At most 50 favourites (409 too_many_favourites). " +
          '201: saved; 200: that drink (the same product and options) was already a favourite — the same favourite, its quantity updated, never a second one.',
        ...auth,
        body: FavouriteBody,
        response: { 200: FavouriteJson, 201: FavouriteJson, ...errors(400, 401, 409) },
      },
    },
    async (request, reply) => {
      const user = requireUser(request);
      const { options = {}, quantity = 1, ...rest } = request.body;
      const { id, created } = await addFavourite(db, user.id, { ...rest, options, quantity });
      const saved = (await listFavourites(db, user.id)).find((f) => f.id === id)!;
      return reply.code(created ? 201 : 200).send(json(saved));
    },
  );

  app.delete(
    '/api/v1/favourites/:id',
    {
      schema: {
        tags: ['favourites'],
        summary: 'Remove a favourite',
        ...auth,
        params: FavouriteParams,
        response: { 204: Type.Null(), ...errors(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await removeFavourite(db, requireUser(request).id, Number(request.params.id));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/api/v1/favourites/:id/order',
    orderAgainRoute({
      tag: 'favourites',
      summary: "Order a favourite again into your basket (at the basket's store)",
      more: 'No store chosen yet: 400 with `fields.store`.',
      params: FavouriteParams,
    }),
    async (request) => {
      const user = requireUser(request);
      return orderAgainJson(deps, user.id, await refillBasket(deps, user, await favouriteSource(deps, user.id, Number(request.params.id)), request.body.mode));
    },
  );
}
