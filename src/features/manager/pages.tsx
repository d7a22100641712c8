// The manager's pages under /staff/:store/. Every route names its permission;
// pages read from the writer so a switch just flipped shows flipped.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import Type, { type Static, type TSchema } from 'typebox';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { formatLocalDateTime, isTimeOfDay, nextLocalTime } from '../../domain/store-time.js';
import { formRoute } from '../../web/form-route.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { failure, success } from '../../web/message.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { listCategories, loadMenuProducts } from '../menu/index.js';
import { getStore } from '../../db/stores.js';
import { optionSwitches, productsBackAt } from './queries.js';
import { pauseOrdering, resumeOrdering, setWeekHours, switchItem } from './service.js';
import { type AvailabilityFilter, AvailabilityPage, BusyPage, HoursPage, hoursRows, storeStatusText, type HoursFormRow } from './views.js';

type StoreParams = { store: string };
type ItemParams = { store: string; item: string };

const where = (name: string) => name.replace(/^Alpaca Cafe /, '');

const ISO_DAYS = [1, 2, 3, 4, 5, 6, 7] as const;
const byDay = <T extends TSchema>(field: () => T) => Type.Object(Object.fromEntries(ISO_DAYS.map((d) => [String(d), field()])));

/** The availability switch as a form: "sold out until" is a list (end of day, indefinitely) or a time typed in. */
const AvailableForm = Type.Object({
  available: Type.Boolean(),
  until: Type.Optional(Type.String({ maxLength: 40 })),
  untilTime: Type.Optional(Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$' })),
});

const BusyForm = Type.Object({
  resume: Type.Union([Type.Literal('15'), Type.Literal('30'), Type.Literal('60'), Type.Literal('time'), Type.Literal('manual')]),
  resumeAt: Type.Optional(Type.String({ maxLength: 20 })),
});

/** A row per day: `open.N` (a checkbox), `opens.N` and `closes.N`; the times are checked by setWeekHours. */
const HoursForm = Type.Object({
  open: byDay(() => Type.Boolean({ default: false })),
  opens: Type.Optional(byDay(() => Type.Optional(Type.String({ maxLength: 20 })))),
  closes: Type.Optional(byDay(() => Type.Optional(Type.String({ maxLength: 20 })))),
});

function hoursFormRows(input: Partial<Static<typeof HoursForm>>): HoursFormRow[] {
  return ISO_DAYS.map((isoDay) => ({
    isoDay,
    open: input.open?.[isoDay] ?? false,
    opens: input.opens?.[isoDay] ?? '',
    closes: input.closes?.[isoDay] ?? '',
  }));
}

export async function managerPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  async function availabilityPage(request: FastifyRequest<{ Params: StoreParams }>, reply: FastifyReply, problem?: string) {
    const store = await getStore(db, request.params.store);
    const [ctx, categories, products, groups, backAt] = await Promise.all([
      pageContext(deps, request, reply),
      listCategories(db),
      loadMenuProducts(db, store.id),
      optionSwitches(db, store.id),
      productsBackAt(db, store.id),
    ]);
    const query = (request.query ?? {}) as { q?: unknown; show?: unknown };
    const filter: AvailabilityFilter = {
      q: typeof query.q === 'string' ? query.q.trim().slice(0, 80) : '',
      show: query.show === 'on' || query.show === 'off' ? query.show : 'all',
    };
    return (
      <AvailabilityPage
        ctx={problem ? { ...ctx, flash: failure(problem) } : ctx}
        store={store}
        categories={categories}
        products={products}
        groups={groups}
        backAt={backAt}
        filter={filter}
      />
    );
  }

  app.get<{ Params: StoreParams }>('/staff/:store/availability', { preValidation: storeGuard('store.availability') }, async (request, reply) =>
    sendPage(reply, await availabilityPage(request, reply)),
  );

  for (const kind of ['products', 'options'] as const) {
    app.post<{ Params: ItemParams }>(
      `/staff/:store/availability/${kind}/:item`,
      { preValidation: storeGuard('store.availability') },
      formRoute({
        schema: AvailableForm,
        messages: { available: 'Choose on or off.', untilTime: 'Enter a time like 14:30.' },
        async action({ available, until, untilTime }, request) {
          // A time typed in wins over the list's choice; the list's "indefinitely" is empty.
          const sellOut = { until: available ? undefined : untilTime || until || undefined, now: deps.clock() };
          const item = kind === 'products' ? 'product' : 'option';
          const result = await switchItem(db, requireUser(request), item, request.params.store, request.params.item, available, sellOut);
          const anchor = `${kind === 'products' ? 'product' : 'option'}-${result.slug}`;
          const howLong = result.availableAgainAt ? ` until ${formatLocalDateTime(result.availableAgainAt, result.store.timezone)}` : ' indefinitely';
          return {
            redirect: `/staff/${result.store.slug}/availability#${anchor}`,
            flash: success(`${result.name} is ${available ? 'back on' : `sold out${howLong}`} at ${where(result.store.name)}.`),
          };
        },
        // The page is a list of switches: the problem goes at its top.
        invalid: (request, reply, { errors, message }) => availabilityPage(request, reply, Object.values(errors)[0] ?? message),
      }),
    );
  }

  app.get<{ Params: StoreParams }>('/staff/:store/busy', { preValidation: storeGuard('store.pause') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <BusyPage ctx={ctx} store={store} now={deps.clock()} form={{ resume: '15', resumeAt: '' }} />);
  });

  app.post<{ Params: StoreParams }>(
    '/staff/:store/busy',
    { preValidation: storeGuard('store.pause') },
    formRoute({
      schema: BusyForm,
      messages: { resume: 'Choose how long to pause for.' },
      async action({ resume, resumeAt = '' }, request) {
        const store = await getStore(db, request.params.store);
        const now = deps.clock();
        let until: Date | null = null;
        if (resume === 'time') {
          if (!isTimeOfDay(resumeAt)) throw new ValidationError({ resumeAt: 'Enter the time to resume, like 14:30.' });
          until = nextLocalTime(now, resumeAt, store.timezone);
        } else if (resume !== 'manual') {
          until = new Date(now.getTime() + Number(resume) * 60_000);
        }
        const paused = await pauseOrdering(db, requireUser(request), store.slug, until, now);
        return { redirect: `/staff/${store.slug}/busy`, flash: success(storeStatusText(paused, now)) };
      },
      async invalid(request, reply, { values, errors }) {
        const [store, ctx] = await Promise.all([getStore(db, request.params.store), pageContext(deps, request, reply)]);
        const form = { resume: values['resume'] ?? '', resumeAt: values['resumeAt'] ?? '', errors };
        return <BusyPage ctx={ctx} store={store} now={deps.clock()} form={form} />;
      },
    }),
  );

  app.post<{ Params: StoreParams }>('/staff/:store/busy/resume', { preValidation: storeGuard('store.pause') }, async (request, reply) => {
    const store = await resumeOrdering(db, requireUser(request), request.params.store);
    return redirectWithFlash(reply, `/staff/${store.slug}/busy`, success(`${where(store.name)} is taking orders again.`));
  });

  app.get<{ Params: StoreParams }>('/staff/:store/hours', { preValidation: storeGuard('store.hours') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <HoursPage ctx={ctx} store={store} now={deps.clock()} rows={hoursRows(store.hours)} />);
  });

  app.post<{ Params: StoreParams }>(
    '/staff/:store/hours',
    { preValidation: storeGuard('store.hours') },
    formRoute({
      schema: HoursForm,
      async action(input, request) {
        const { store } = await setWeekHours(db, requireUser(request), request.params.store, hoursFormRows(input));
        return { redirect: `/staff/${store.slug}/hours`, flash: success(`Opening hours for ${where(store.name)} saved.`) };
      },
      async invalid(request, reply, { partial, errors }) {
        const [store, ctx] = await Promise.all([getStore(db, request.params.store), pageContext(deps, request, reply)]);
        return <HoursPage ctx={ctx} store={store} now={deps.clock()} rows={hoursFormRows(partial)} errors={errors} />;
      },
    }),
  );
}
