// What "order again" answers in the JSON API (from an order or a favourite): what went in, what
// could not, whether the basket was emptied first, and the basket as it is now.
import type { FastifyRequest } from 'fastify';
import Type, { type TSchema } from 'typebox';
import type { AppDeps } from '../../deps.js';
import { ORDER_AGAIN_MODES } from '../../domain/order-again.js';
import { BODY_OPTIONAL } from '../../web/openapi.js';
import { errors } from '../../web/schemas.js';
import { BasketJson, basketJson, viewBasket } from '../basket/index.js';
import type { ReorderResult } from './reorder.js';

/** `mode`: what to do with a basket that already holds something. No body at all is allowed (an empty basket needs no mode). */
export const OrderAgainApiBody = Type.Object(
  {
    mode: Type.Optional(
      Type.Union(
        ORDER_AGAIN_MODES.map((m) => Type.Literal(m)),
        { description: 'replace: empty the basket first; add: add to what it holds' },
      ),
    ),
  },
  { additionalProperties: false, $comment: BODY_OPTIONAL },
);

export const OrderAgainJson = Type.Object({
  store: Type.String(),
  replaced: Type.Boolean({ description: 'What the basket held was removed first (mode "replace").' }),
  added: Type.Array(Type.Object({ name: Type.String(), quantity: Type.Integer() })),
  problems: Type.Array(Type.Object({ name: Type.String(), reason: Type.String() })),
  basket: BasketJson,
});

/** The answer: what went in and what could not, with the customer's basket as it is now. */
export async function orderAgainJson(deps: AppDeps, userId: number, result: ReorderResult) {
  const basket = await viewBasket(deps.db.writer, { userId });
  return { store: result.store.slug, replaced: result.replaced, added: result.added, problems: result.problems, basket: basketJson(basket) };
}

const MODE_RULE =
  'Into a basket that already holds something, say `mode`: `replace` empties it first, `add` adds to it. Without a mode a non-empty basket is answered 409 `basket_not_empty` and nothing changes; an empty basket needs none.';

/**
 * The route options every "order again" operation shares (from an order, from a favourite): the
 * `mode` body and its rule, the answers, and no body at all read as no mode.
 */
export function orderAgainRoute<Params extends TSchema>({ tag, summary, more, params }: { tag: string; summary: string; more?: string; params: Params }) {
  return {
    schema: {
      tags: [tag],
      summary,
      description: more ? `${MODE_RULE} ${more}` : MODE_RULE,
      security: [{ bearer: [] }],
      params,
      body: OrderAgainApiBody,
      response: { 200: OrderAgainJson, ...errors(400, 401, 404, 409) },
    },
    // No body at all is "order again" into an empty basket, as it always was.
    preValidation: async (request: FastifyRequest) => {
      request.body ??= {};
    },
  };
}
