// /admin/reports?from=YYYY-MM-DD&to=YYYY-MM-DD&store=slug (default: the last 14 days, every store).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { storeChoices } from '../stores/queries.js';
import { salesByStoreDay, topProducts } from './queries.js';
import { daysBetween, parseRange } from './range.js';
import { salesByHour, storeSummaries } from './store-summary-queries.js';
import { ReportsPage } from './views.js';

export async function adminReportPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  app.get<{ Querystring: { from?: string; to?: string; store?: string } }>('/admin/reports', async (request, reply) => {
    const [ctx, allStores] = await Promise.all([pageContext(deps, request, reply), storeChoices(db)]);
    const slug = typeof request.query.store === 'string' ? request.query.store.trim() : '';
    const values = { from: String(request.query.from ?? ''), to: String(request.query.to ?? ''), store: slug };
    let range;
    try {
      range = parseRange(request.query, deps.clock());
      if (slug !== '' && !allStores.some((s) => s.slug === slug)) throw new ValidationError({ store: 'Choose a store from the list, or every store.' });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <ReportsPage ctx={ctx} values={values} allStores={allStores} data={null} errors={error.fields} />, 400);
    }
    const stores = slug === '' ? allStores : allStores.filter((s) => s.slug === slug);
    const storeId = slug === '' ? null : stores[0]!.id;
    const [sales, byQuantity, byRevenue, summaries, hours] = await Promise.all([
      salesByStoreDay(db, range),
      topProducts(db, range, 'quantity', 10, storeId),
      topProducts(db, range, 'revenue', 10, storeId),
      storeSummaries(db, range, storeId),
      salesByHour(db, range, storeId),
    ]);
    const data = {
      range,
      days: daysBetween(range),
      stores,
      sales: sales.filter((s) => storeId === null || s.storeId === storeId),
      byQuantity,
      byRevenue,
      summaries,
      hours,
    };
    return sendPage(reply, <ReportsPage ctx={ctx} values={{ ...range, store: slug }} allStores={allStores} data={data} />);
  });
}
