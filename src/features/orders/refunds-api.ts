// POST /api/v1/orders/:id/refunds: a manager of the order's store (or an admin) refunds it, in
// full or per line, with a reason. An Idempotency-Key makes a repeat the same refund.
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../../domain/idempotency-key.js';
import { MAX_ID } from '../../domain/limits.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { NotFoundError } from '../../domain/errors.js';
import { errors } from '../../web/schemas.js';
import { OrderJson, orderJson, RefundJson, refundJson } from './order-json.js';
import { loadOrderDetail } from './queries.js';
import { REFUND_REASON_MAX, refundOrder } from './refund-order.js';
import { read } from '../../db/unit-of-work.js';

const IdParams = Type.Object({ id: Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' }) });

export const RefundBody = Type.Object(
  {
    reason: Type.String({ minLength: 1, maxLength: REFUND_REASON_MAX }),
    lines: Type.Optional(
      Type.Array(
        Type.Object(
          { lineId: Type.Integer({ minimum: 1, maximum: MAX_ID }), quantity: Type.Integer({ minimum: 1, maximum: 20 }) },
          { additionalProperties: false },
        ),
        {
          maxItems: 30,
        },
      ),
    ),
  },
  { additionalProperties: false },
);

export async function refundsApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();
  app.post(
    '/api/v1/orders/:id/refunds',
    {
      schema: {
        tags: ['staff'],
        summary: 'Refund a paid, ready or collected order, in full or per line (managers of its store, admins)',
        description:
          'Without `lines` it refunds whatever is left. A card payment is refunded through the payment provider, a till payment in cash. ' +
          'A full refund before collection takes the order off the queue (`refunded`). Send an Idempotency-Key: repeating it answers with the same refund.',
        security: [{ bearer: [] }],
        params: IdParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: IDEMPOTENCY_KEY_MAX_LENGTH })) }),
        body: RefundBody,
        response: { 201: Type.Object({ refund: RefundJson, order: OrderJson }), ...errors(400, 401, 403, 404, 409, 503) },
      },
    },
    async (request, reply) => {
      const outcome = await refundOrder(deps, request.user, request.params.id, {
        reason: request.body.reason,
        lines: request.body.lines,
        idempotencyKey: request.headers['idempotency-key'],
      });
      const detail = await read(deps.db.writer, (db) => loadOrderDetail(db, outcome.order.id));
      if (!detail) throw new NotFoundError('Order');
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send({ refund: refundJson(outcome.refund, detail.lines), order: orderJson(detail) });
    },
  );
}
