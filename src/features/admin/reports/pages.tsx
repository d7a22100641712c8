// /admin/reports?from=YYYY-MM-DD&to=YYYY-MM-DD (default: the last 14 days).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError } from '../../../domain/errors.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { storeChoices } from '../stores/queries.js';
import { salesByStoreDay, topProducts } from './queries.js';
import { daysBetween, parseRange } from './range.js';
import { ReportsPage } from './views.js';

export async function adminReportPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  app.get<{ Querystring: { from?: string; to?: string } }>('/admin/reports', async (request, reply) => {
    const ctx = await pageContext(deps, request, reply);
    let range;
    try {
      range = parseRange(request.query, deps.clock());
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const values = { from: String(request.query.from ?? ''), to: String(request.query.to ?? '') };
      return sendPage(reply, <ReportsPage ctx={ctx} values={values} data={null} errors={error.fields} />, 400);
    }
    const [stores, sales, byQuantity, byRevenue] = await Promise.all([
      storeChoices(db),
      salesByStoreDay(db, range),
      topProducts(db, range, 'quantity'),
      topProducts(db, range, 'revenue'),
    ]);
    const data = { range, days: daysBetween(range), stores, sales, byQuantity, byRevenue };
    return sendPage(reply, <ReportsPage ctx={ctx} values={range} data={data} />);
  });
}
