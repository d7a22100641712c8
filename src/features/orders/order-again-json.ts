// What "order again" answers in the JSON API (from an order or a favourite): what went in, what
// could not, whether the basket was emptied first, and the basket as it is now.
import Type from 'typebox';
import { ORDER_AGAIN_MODES } from '../../domain/order-again.js';
import { BODY_OPTIONAL } from '../../web/openapi.js';
import { BasketJson, basketJson, type BasketView } from '../basket/index.js';
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

export function orderAgainJson(result: ReorderResult, basket: BasketView) {
  return { store: result.store.slug, replaced: result.replaced, added: result.added, problems: result.problems, basket: basketJson(basket) };
}
