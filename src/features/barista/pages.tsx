// The staff app's pages for the counter: the landing (/staff: your store's queue, or a choice
// of stores), the queue with its tap forms (Post/Redirect/Get back to the queue, each with an
// Idempotency-Key made when the page was drawn) and the queue's settings (timer thresholds).
// The taps themselves belong to the orders feature (counter-taps.ts).
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { type CounterTap, tapMessage } from '../../domain/counter-taps.js';
import { AppError, UnauthorizedError, ValidationError } from '../../domain/errors.js';
import type { CurrentUser } from '../../web/current-user.js';
import { storeGuard } from '../../web/guards.js';
import { formRoute } from '../../web/form-route.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import { counterTap } from '../orders/index.js';
import { getStore } from '../../db/stores.js';
import { write } from '../../db/unit-of-work.js';
import { checkThresholds } from '../../domain/queue-wait.js';
import { loadQueue } from './queue.js';
import { QueuePage } from './views.js';
import { failure, info, success } from '../../web/message.js';
import { StaffHome } from './staff-home.js';
import { QueueSettingsPage } from './settings-views.js';

type Params = { Params: { store: string; id: string } };
type LineParams = { Params: { store: string; id: string; line: string } };

const TapForm = Type.Object({ idempotencyKey: Type.Optional(Type.String({ maxLength: 255 })) });
const SettingsForm = Type.Object({
  amberMinutes: Type.Integer({ minimum: 1, maximum: 120 }),
  redMinutes: Type.Integer({ minimum: 2, maximum: 240 }),
});
const TABS = ['queue', 'attention', 'orders', 'tickets', 'availability', 'busy', 'hours', 'capacity', 'settings'];

const TAP_PATHS: [string, CounterTap][] = [
  ['ready', 'bump'],
  ['collected', 'collect'],
  ['recall', 'recall'],
  ['undo-collected', 'undo_collect'],
  ['reprint', 'reprint'],
];

export async function baristaPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  // The staff app's front door: the store switcher posts here too (?store=…&tab=…).
  app.get<{ Querystring: { store?: string; tab?: string } }>('/staff', async (request, reply) => {
    if (!request.user) return reply.redirect(`/login?returnTo=${encodeURIComponent('/staff')}`, 303);
    const ctx = await pageContext(deps, request, reply);
    const stores = ctx.staff?.stores ?? [];
    if (stores.length === 0) throw new AppError(403, 'forbidden', 'The staff pages are for cafe staff. Ask an admin for a role at your store.');
    const chosen = stores.find((s) => s.slug === request.query.store) ?? (stores.length === 1 ? stores[0] : undefined);
    if (chosen) {
      const tab = TABS.includes(request.query.tab ?? '') ? request.query.tab : 'queue';
      return reply.redirect(`/staff/${chosen.slug}/${tab}`, 303);
    }
    return sendPage(reply, <StaffHome ctx={ctx} stores={stores} />);
  });

  app.get<{ Params: { store: string } }>('/staff/:store/queue', { preValidation: storeGuard('queue.view') }, async (request, reply) => {
    const store = await getStore(deps.db.writer, request.params.store);
    const now = deps.clock();
    const [ctx, queue] = await Promise.all([pageContext(deps, request, reply), loadQueue(deps.db.writer, store.id)]);
    return sendPage(reply, <QueuePage ctx={ctx} store={store} queue={queue} now={now} />);
  });

  // The store's staff home is its queue.
  app.get<{ Params: { store: string } }>('/staff/:store', { preValidation: storeGuard('queue.view') }, async (request, reply) =>
    reply.redirect(`/staff/${encodeURIComponent(request.params.store)}/queue`, 303),
  );

  /** One tap from a form: the flash says what it did, "already done on another tablet" included. */
  async function tapFromForm(
    request: { user: CurrentUser | null; params: { store: string; id: string } },
    tap: CounterTap,
    key: string | undefined,
    line?: number,
  ) {
    const back = `/staff/${encodeURIComponent(request.params.store)}/queue`;
    try {
      const result = await counterTap(deps, request.user, request.params.id, { tap, key: key || undefined, line });
      // Without JavaScript the Undo is the "Last bumped" list's: say where it is (issue 10 item 8).
      const undoHint = tap === 'collect' && result.outcome === 'applied' ? ' Undo it under "Last bumped" within a minute if that was a mistake.' : '';
      const message = tapMessage(tap, result.outcome, result.order.number) + undoHint;
      return { redirect: back, flash: result.outcome === 'applied' ? success(message) : info(message) };
    } catch (error) {
      // Someone else moved it on (another tablet): say so and show the queue as it is.
      if (error instanceof AppError && error.status === 409) return { redirect: back, flash: failure(error.message) };
      throw error;
    }
  }

  for (const [path, tap] of TAP_PATHS) {
    app.post<Params>(
      `/staff/:store/queue/:id/${path}`,
      { preValidation: storeGuard('order.advance') },
      formRoute({
        schema: TapForm,
        action: (form, request) => tapFromForm(request, tap, form.idempotencyKey),
        invalid: (request, _reply, problem) => ({ redirect: `/staff/${encodeURIComponent(request.params.store)}/queue`, flash: failure(problem.message) }),
      }),
    );
  }

  app.post<LineParams>(
    '/staff/:store/queue/:id/lines/:line/bump',
    { preValidation: storeGuard('order.advance') },
    formRoute({
      schema: TapForm,
      action: (form, request) => {
        const line = Number(request.params.line);
        if (!Number.isInteger(line) || line < 1 || line > 30) throw new ValidationError({ line: 'No such line on this order.' });
        return tapFromForm(request, 'bump_line', form.idempotencyKey, line);
      },
      invalid: (request, _reply, problem) => ({ redirect: `/staff/${encodeURIComponent(request.params.store)}/queue`, flash: failure(problem.message) }),
    }),
  );

  app.get<{ Params: { store: string } }>('/staff/:store/settings', { preValidation: storeGuard('store.manage') }, async (request, reply) => {
    const store = await getStore(deps.db.writer, request.params.store);
    const [ctx, queue] = await Promise.all([pageContext(deps, request, reply), loadQueue(deps.db.writer, store.id)]);
    return sendPage(reply, <QueueSettingsPage ctx={ctx} store={store} thresholds={queue.thresholds} />);
  });

  app.post<{ Params: { store: string } }>(
    '/staff/:store/settings',
    { preValidation: storeGuard('store.manage') },
    formRoute({
      schema: SettingsForm,
      async action({ amberMinutes, redMinutes }, request) {
        if (!request.user) throw new UnauthorizedError();
        const problem = checkThresholds(amberMinutes, redMinutes);
        if (problem) throw new ValidationError({ redMinutes: problem }, problem);
        const store = await getStore(deps.db.writer, request.params.store);
        await write(
          deps.db.writer,
          (trx) => trx.updateTable('stores').set({ queue_amber_minutes: amberMinutes, queue_red_minutes: redMinutes }).where('id', '=', store.id).execute(),
          { guardedBy: 'idempotent by nature' },
        );
        return {
          redirect: `/staff/${store.slug}/settings`,
          flash: success(`Tickets now turn amber after ${amberMinutes} min and red after ${redMinutes} min.`),
        };
      },
      async invalid(request, reply, problem) {
        const store = await getStore(deps.db.writer, request.params.store);
        const ctx = await pageContext(deps, request, reply);
        return <QueueSettingsPage ctx={ctx} store={store} thresholds={problem.values} errors={problem.errors} message={problem.message} />;
      },
    }),
  );
}
