// The manager's pages for what the ETA and the calendar need (issue 10 item 5): holiday hours and
// closures on the opening-hours page, and prep time per category with capacity per 5 minutes.
// Every route names its permission; plain forms, Post/Redirect/Get.
import { MAX_PREP_CATEGORIES } from '../../domain/limits.js';
import { SLUG_MAX_LENGTH } from '../../domain/slug.js';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import type { AppDeps } from '../../deps.js';
import { formRoute } from '../../web/form-route.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { success } from '../../web/message.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { getStore } from '../../db/stores.js';
import { shortStoreName } from '../../web/staff-context.js';
import { describeSpecialDay } from '../../domain/special-days.js';
import { addSpecialDay, removeSpecialDay } from './special-days.js';
import { categoryPrep, saveCapacity } from './capacity.js';
import { CapacityPage, capacityForm } from './capacity-views.js';
import { HoursPage, hoursRows } from './views.js';
import type { SpecialDayForm } from './special-days-views.js';

type StoreParams = { store: string };

const SpecialDayBody = Type.Object({
  firstDate: Type.String({ maxLength: 10 }),
  lastDate: Type.Optional(Type.String({ maxLength: 10 })),
  closed: Type.Union([Type.Literal('true'), Type.Literal('false')]),
  opens: Type.Optional(Type.String({ maxLength: 5 })),
  closes: Type.Optional(Type.String({ maxLength: 5 })),
  reason: Type.String({ maxLength: 80 }),
});

/** The capacity form: the whole number, and `prep.<category slug>` minutes (checked by the domain). */
const CapacityBody = Type.Object({
  drinksPerSlot: Type.String({ maxLength: 10 }),
  prep: Type.Optional(Type.Record(Type.String(), Type.String({ maxLength: 10 }), { maxProperties: MAX_PREP_CATEGORIES })),
});

export async function storeSettingsPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.post<{ Params: StoreParams }>(
    '/staff/:store/hours/special-days',
    { preValidation: storeGuard('store.hours') },
    formRoute({
      schema: SpecialDayBody,
      messages: { firstDate: 'Enter the first date.', closed: 'Choose closed all day or other times.', reason: 'Say why, in 80 characters at most.' },
      async action(input, request) {
        const { store, day } = await addSpecialDay(
          db,
          requireUser(request),
          request.params.store,
          {
            firstDate: input.firstDate,
            lastDate: input.lastDate ?? '',
            closed: input.closed === 'true',
            opens: input.opens ?? '',
            closes: input.closes ?? '',
            reason: input.reason,
          },
          deps.clock(),
        );
        return { redirect: `/staff/${store.slug}/hours#special-days`, flash: success(`${shortStoreName(store.name)}: ${describeSpecialDay(day)} saved.`) };
      },
      async invalid(request, reply, { values, errors }) {
        const [store, ctx] = await Promise.all([getStore(db, request.params.store), pageContext(deps, request, reply)]);
        const form: SpecialDayForm = {
          firstDate: values['firstDate'] ?? '',
          lastDate: values['lastDate'] ?? '',
          closed: values['closed'] !== 'false',
          opens: values['opens'] ?? '',
          closes: values['closes'] ?? '',
          reason: values['reason'] ?? '',
        };
        return <HoursPage ctx={ctx} store={store} now={deps.clock()} rows={hoursRows(store.hours)} special={{ form, errors }} />;
      },
    }),
  );

  app.post<{ Params: StoreParams & { id: string } }>(
    '/staff/:store/hours/special-days/:id/remove',
    {
      preValidation: storeGuard('store.hours'),
      schema: { params: Type.Object({ store: Type.String({ maxLength: SLUG_MAX_LENGTH }), id: Type.String({ pattern: '^[0-9]{1,9}$' }) }) },
    },
    async (request, reply) => {
      const { store, removed } = await removeSpecialDay(db, requireUser(request), request.params.store, Number(request.params.id));
      return redirectWithFlash(reply, `/staff/${store.slug}/hours#special-days`, success(`${shortStoreName(store.name)}: ${removed} removed.`));
    },
  );

  app.get<{ Params: StoreParams }>('/staff/:store/capacity', { preValidation: storeGuard('store.manage') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const [ctx, categories] = await Promise.all([pageContext(deps, request, reply), categoryPrep(db, store.id)]);
    return sendPage(reply, <CapacityPage ctx={ctx} store={store} categories={categories} form={capacityForm(store, categories)} />);
  });

  app.post<{ Params: StoreParams }>(
    '/staff/:store/capacity',
    { preValidation: storeGuard('store.manage') },
    formRoute({
      schema: CapacityBody,
      messages: { drinksPerSlot: 'Enter how many drinks the bar makes in 5 minutes.' },
      async action(input, request) {
        const store = await saveCapacity(db, requireUser(request), request.params.store, { drinksPerSlot: input.drinksPerSlot, prepMinutes: input.prep ?? {} });
        return { redirect: `/staff/${store.slug}/capacity`, flash: success(`Prep times and capacity for ${shortStoreName(store.name)} saved.`) };
      },
      async invalid(request, reply, { values, errors }) {
        const store = await getStore(db, request.params.store);
        const [ctx, categories] = await Promise.all([pageContext(deps, request, reply), categoryPrep(db, store.id)]);
        const prep = Object.fromEntries(categories.map((c) => [c.slug, values[`prep.${c.slug}`] ?? '']));
        return <CapacityPage ctx={ctx} store={store} categories={categories} form={{ drinksPerSlot: values['drinksPerSlot'] ?? '', prep }} errors={errors} />;
      },
    }),
  );
}
