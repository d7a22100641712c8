// JSON API for the kitchen display's taps (staff of the order's store). Each answers with the
// order, what the tap did (`outcome`: applied, or already_done when another tablet did it first)
// and a sentence for the counter. Send an Idempotency-Key per tap: the same key is the same tap.
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../../domain/idempotency-key.js';
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { type CounterTap, tapMessage } from '../../domain/counter-taps.js';
import { NotFoundError } from '../../domain/errors.js';
import { read } from '../../db/unit-of-work.js';
import { errors } from '../../web/schemas.js';
import { counterTap } from './counter-taps.js';
import { OrderJson, orderJson } from './order-json.js';
import { loadOrderDetail } from './queries.js';

const auth = { security: [{ bearer: [] }] };
const Uuid = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });
const IdParams = Type.Object({ id: Uuid });
const LineParams = Type.Object({ id: Uuid, line: Type.String({ pattern: '^[1-9][0-9]?$', description: "The line's position on the order (1 = first)" }) });
const KeyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({
      maxLength: IDEMPOTENCY_KEY_MAX_LENGTH,
      description: 'A fresh key per tap (8–255 letters, digits, . _ : -); a repeat with it changes nothing more',
    }),
  ),
});

export const TapJson = Type.Object({
  ...OrderJson.properties,
  outcome: Type.Union([Type.Literal('applied'), Type.Literal('already_done')], {
    description: 'applied: this tap did it; already_done: another tablet (or an earlier tap) had done it, nothing changed',
  }),
  message: Type.String({ description: 'What to tell the counter, e.g. "Order 12: already done on another tablet."' }),
});

const ROUTES: { path: string; tap: CounterTap; summary: string }[] = [
  { path: 'ready', tap: 'bump', summary: 'Bump the order: mark it ready (the customer is told once)' },
  { path: 'recall', tap: 'recall', summary: 'Recall a bumped order back onto the display (ready → paid)' },
  { path: 'collected', tap: 'collect', summary: 'Mark a ready order collected (undo within 60 s)' },
  { path: 'undo-collected', tap: 'undo_collect', summary: 'Undo "collected" within 60 s (completed → ready)' },
  { path: 'reprint', tap: 'reprint', summary: 'Print the ticket again (Idempotency-Key required)' },
];

export async function counterApi(root: FastifyInstance, { deps }: { deps: AppDeps }) {
  const app = root.withTypeProvider<TypeBoxTypeProvider>();

  async function answer(tap: CounterTap, orderId: string, outcome: 'applied' | 'already_done') {
    const detail = await read(deps.db.writer, (db) => loadOrderDetail(db, orderId));
    if (!detail) throw new NotFoundError('Order');
    return { ...orderJson(detail), outcome, message: tapMessage(tap, outcome, detail.order.number) };
  }

  for (const route of ROUTES) {
    app.post(
      `/api/v1/orders/:id/${route.path}`,
      {
        schema: {
          tags: ['staff'],
          summary: `${route.summary} (staff of its store)`,
          ...auth,
          params: IdParams,
          headers: KeyHeader,
          response: { 200: TapJson, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) => {
        const result = await counterTap(deps, request.user, request.params.id, { tap: route.tap, key: request.headers['idempotency-key'] });
        return answer(route.tap, result.order.id, result.outcome);
      },
    );
  }

  app.post(
    '/api/v1/orders/:id/lines/:line/bump',
    {
      schema: {
        tags: ['staff'],
        summary: 'Bump one line ("this drink is done"); the last line bumped makes the order ready (staff of its store)',
        ...auth,
        params: LineParams,
        headers: KeyHeader,
        response: { 200: TapJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id, line } = request.params;
      const result = await counterTap(deps, request.user, id, { tap: 'bump_line', key: request.headers['idempotency-key'], line: Number(line) });
      return answer('bump_line', result.order.id, result.outcome);
    },
  );
}
