// The manager's pages under /staff/:store/. Every route names its permission;
// pages read from the writer so a switch just flipped shows flipped.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../deps.js';
import { ValidationError } from '../../domain/errors.js';
import { isTimeOfDay, nextLocalTime } from '../../domain/store-time.js';
import { formString } from '../../web/forms.js';
import { storeGuard } from '../../web/guards.js';
import { pageContext } from '../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../web/render.js';
import { requireUser } from '../../web/session.js';
import { listCategories, loadMenuProducts } from '../menu/queries.js';
import { getStore } from '../../db/stores.js';
import { optionSwitches } from './queries.js';
import { pauseOrdering, resumeOrdering, setWeekHours, switchOption, switchProduct } from './service.js';
import { AvailabilityPage, BusyPage, HoursPage, hoursRows, storeStatusText, type HoursFormRow } from './views.js';

type StoreParams = { store: string };
type ItemParams = { store: string; item: string };

const where = (name: string) => name.replace(/^Alpaca Cafe /, '');

/** A form's `available` field: only 'true' or 'false' are accepted. */
function availableFrom(body: unknown): boolean {
  const value = formString(body, 'available');
  if (value !== 'true' && value !== 'false') throw new ValidationError({ available: 'Choose on or off.' });
  return value === 'true';
}

export async function managerPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get<{ Params: StoreParams }>('/staff/:store/availability', { preValidation: storeGuard('store.availability') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const [ctx, categories, products, groups] = await Promise.all([
      pageContext(deps, request, reply), listCategories(db), loadMenuProducts(db, store.id), optionSwitches(db, store.id),
    ]);
    return sendPage(reply, <AvailabilityPage ctx={ctx} store={store} categories={categories} products={products} groups={groups} />);
  });

  for (const kind of ['products', 'options'] as const) {
    app.post<{ Params: ItemParams }>(`/staff/:store/availability/${kind}/:item`, { preValidation: storeGuard('store.availability') }, async (request, reply) => {
      const available = availableFrom(request.body);
      const change = kind === 'products' ? switchProduct : switchOption;
      const result = await change(db, requireUser(request), request.params.store, request.params.item, available);
      const anchor = `${kind === 'products' ? 'product' : 'option'}-${result.slug}`;
      return redirectWithFlash(reply, `/staff/${result.store.slug}/availability#${anchor}`,
        `${result.name} is ${available ? 'back on' : 'switched off'} at ${where(result.store.name)}.`);
    });
  }

  app.get<{ Params: StoreParams }>('/staff/:store/busy', { preValidation: storeGuard('store.pause') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <BusyPage ctx={ctx} store={store} now={deps.clock()} form={{ resume: '15', resumeAt: '' }} />);
  });

  app.post<{ Params: StoreParams }>('/staff/:store/busy', { preValidation: storeGuard('store.pause') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const now = deps.clock();
    const resume = formString(request.body, 'resume');
    const resumeAt = formString(request.body, 'resumeAt').trim();
    try {
      let until: Date | null;
      if (/^(15|30|60)$/.test(resume)) until = new Date(now.getTime() + Number(resume) * 60_000);
      else if (resume === 'manual') until = null;
      else if (resume === 'time') {
        if (!isTimeOfDay(resumeAt)) throw new ValidationError({ resumeAt: 'Enter the time to resume, like 14:30.' });
        until = nextLocalTime(now, resumeAt, store.timezone);
      } else throw new ValidationError({ resumeAt: 'Choose how long to pause for.' });
      const paused = await pauseOrdering(db, requireUser(request), store.slug, until, now);
      return redirectWithFlash(reply, `/staff/${store.slug}/busy`, storeStatusText(paused, now));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <BusyPage ctx={ctx} store={store} now={now} form={{ resume, resumeAt, errors: error.fields }} />, 400);
    }
  });

  app.post<{ Params: StoreParams }>('/staff/:store/busy/resume', { preValidation: storeGuard('store.pause') }, async (request, reply) => {
    const store = await resumeOrdering(db, requireUser(request), request.params.store);
    return redirectWithFlash(reply, `/staff/${store.slug}/busy`, `${where(store.name)} is taking orders again.`);
  });

  app.get<{ Params: StoreParams }>('/staff/:store/hours', { preValidation: storeGuard('store.hours') }, async (request, reply) => {
    const store = await getStore(db, request.params.store);
    const ctx = await pageContext(deps, request, reply);
    return sendPage(reply, <HoursPage ctx={ctx} store={store} rows={hoursRows(store.hours)} />);
  });

  app.post<{ Params: StoreParams }>('/staff/:store/hours', { preValidation: storeGuard('store.hours') }, async (request, reply) => {
    const rows: HoursFormRow[] = [1, 2, 3, 4, 5, 6, 7].map((isoDay) => ({
      isoDay,
      open: formString(request.body, `open.${isoDay}`) === 'on',
      opens: formString(request.body, `opens.${isoDay}`).trim(),
      closes: formString(request.body, `closes.${isoDay}`).trim(),
    }));
    try {
      const { store } = await setWeekHours(db, requireUser(request), request.params.store, rows);
      return redirectWithFlash(reply, `/staff/${store.slug}/hours`, `Opening hours for ${where(store.name)} saved.`);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const store = await getStore(db, request.params.store);
      const ctx = await pageContext(deps, request, reply);
      return sendPage(reply, <HoursPage ctx={ctx} store={store} rows={rows} errors={error.fields} />, 400);
    }
  });
}
