// JSON API for the signed-in customer's basket.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { errors } from '../../web/schemas.js';
import { AddLineBody, EditLineBody, StoreChoiceBody } from './schemas.js';
import { requireUser } from '../../web/session.js';
import type { BasketView } from './model.js';
import { addLine, chooseStore, editLine, removeLine, viewBasket } from './service.js';
import { checkIdempotencyKey, IDEMPOTENCY_KEY_MAX_LENGTH } from '../../domain/idempotency-key.js';

// Every answer here is the basket as it is now: `viewBasket` is a read, re-run on transient errors,
// so a committed change is never answered with a 503.

export const BasketJson = Type.Object({
  store: Type.Union([Type.String(), Type.Null()]),
  lines: Type.Array(
    Type.Object({
      id: Type.Integer(),
      product: Type.String(),
      name: Type.String(),
      options: Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())])),
      quantity: Type.Integer(),
      unitPence: Type.Integer(),
      totalPence: Type.Integer(),
      problems: Type.Array(Type.String()),
    }),
  ),
  totalPence: Type.Integer(),
});

export function basketJson(basket: BasketView) {
  return {
    store: basket.store?.slug ?? null,
    lines: basket.lines.map((l) => ({
      id: l.id,
      product: l.product,
      name: l.name,
      options: l.options,
      quantity: l.quantity,
      unitPence: l.unitPence,
      totalPence: l.totalPence,
      problems: l.problems,
    })),
    totalPence: basket.totalPence,
  };
}

// Path params arrive as text; the pattern keeps ids within int4.
const LineParams = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,8}$' }) });
const auth = { security: [{ bearer: [] }] };

export async function basketApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  const db = deps.db.writer;
  const mine = (request: FastifyRequest) => ({ userId: requireUser(request).id });

  app.get(
    '/api/v1/basket',
    {
      schema: { tags: ['basket'], summary: 'Your basket, re-checked against its store', ...auth, response: { 200: BasketJson, ...errors(401) } },
    },
    async (request) => basketJson(await viewBasket(db, mine(request))),
  );

  app.put(
    '/api/v1/basket/store',
    {
      schema: {
        tags: ['basket'],
        summary: 'Choose the store (re-checks every line)',
        ...auth,
        body: StoreChoiceBody,
        response: { 200: BasketJson, ...errors(400, 401) },
      },
    },
    async (request) => {
      const owner = mine(request);
      await chooseStore(db, owner, request.body.store);
      return basketJson(await viewBasket(db, owner));
    },
  );

  app.post(
    '/api/v1/basket/lines',
    {
      schema: {
        tags: ['basket'],
        summary: 'Add a customised product',
        ...auth,
        description: 'Send an Idempotency-Key to make the add safe to repeat: the same key adds the line once.',
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: IDEMPOTENCY_KEY_MAX_LENGTH })) }),
        body: AddLineBody,
        response: { 201: BasketJson, ...errors(400, 401) },
      },
    },
    async (request, reply) => {
      const owner = mine(request);
      const key = request.headers['idempotency-key'];
      await addLine(db, owner, {
        product: request.body.product,
        options: request.body.options ?? {},
        quantity: request.body.quantity ?? 1,
        idempotencyKey: key === undefined ? undefined : checkIdempotencyKey(key),
      });
      return reply.code(201).send(basketJson(await viewBasket(db, owner)));
    },
  );

  app.patch(
    '/api/v1/basket/lines/:id',
    {
      schema: {
        tags: ['basket'],
        summary: 'Edit a line in place: its options, its quantity or both',
        description:
          "Options replace the whole choice (groups left out fall back to their defaults) and are re-checked at the basket's store. A line edited into the same drink as another line joins it.",
        ...auth,
        params: LineParams,
        body: EditLineBody,
        response: { 200: BasketJson, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      const owner = mine(request);
      await editLine(db, owner, Number(request.params.id), { options: request.body.options, quantity: request.body.quantity });
      return basketJson(await viewBasket(db, owner));
    },
  );

  app.delete(
    '/api/v1/basket/lines/:id',
    {
      schema: { tags: ['basket'], summary: 'Remove a line', ...auth, params: LineParams, response: { 200: BasketJson, ...errors(400, 401, 404) } },
    },
    async (request) => {
      const owner = mine(request);
      await removeLine(db, owner, Number(request.params.id));
      return basketJson(await viewBasket(db, owner));
    },
  );
}
