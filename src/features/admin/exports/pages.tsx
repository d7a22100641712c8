// /admin/exports: the catalogue as JSON Lines or CSV, downloaded as a file.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import type { PageContext } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { listStores } from '../../../db/stores.js';
import { AdminLayout } from '../layout.js';
import { catalogueRecords, toCsv, toJsonLines } from './catalogue-export.js';
import { Readable } from 'node:stream';
import { ValidationError } from '../../../domain/errors.js';
import type { Store } from '../../../domain/store.js';
import { type DateRange, MAX_DAYS, parseRange } from '../reports/range.js';
import { salesCsv, salesJsonLines, salesOrders, type SalesQuery } from './sales-export.js';

function SalesExportForm({ stores, range }: { stores: Store[]; range: DateRange }) {
  return (
    <form method="get" action="/admin/exports/orders.csv" class="panel stack sales-export">
      <h2>Export sales</h2>
      <p>
        Orders and their lines, with states, payments, refunds and times on each store's own clock. At most {MAX_DAYS} days at a time; large ranges stream as
        they download.
      </p>
      <div class="form-row">
        <label for="export-store">Store</label>
        <select id="export-store" name="store">
          <option value="all">Every store</option>
          {stores.map((s) => (
            <option value={s.slug}>{s.name}</option>
          ))}
        </select>
      </div>
      <div class="form-row">
        <label for="export-from">From</label>
        <input id="export-from" type="date" name="from" value={range.from} required />
        <label for="export-to">To</label>
        <input id="export-to" type="date" name="to" value={range.to} required />
      </div>
      <div class="actions">
        <button type="submit" class="button button--primary">
          Download CSV (one row per item)
        </button>
        <button type="submit" class="button" formaction="/admin/exports/orders.jsonl">
          Download JSON Lines (one order per line)
        </button>
      </div>
    </form>
  );
}

function ExportsPage({ ctx, stores, range }: { ctx: PageContext; stores: Store[]; range: DateRange }) {
  return (
    <AdminLayout ctx={ctx} title="Export">
      <SalesExportForm stores={stores} range={range} />
      <h1>Export the catalogue</h1>
      <p>
        One product per record: id, title, description, categories, price in GBP (as a decimal and in pence), image and link, and whether each store can sell it
        now.
      </p>
      <ul class="stack">
        <li>
          <a class="button" href="/admin/exports/catalogue.jsonl" download>
            Download JSON Lines (.jsonl)
          </a>{' '}
          — one JSON object per line.
        </li>
        <li>
          <a class="button" href="/admin/exports/catalogue.csv" download>
            Download CSV (.csv)
          </a>{' '}
          — opens in a spreadsheet; one availability column per store.
        </li>
      </ul>
    </AdminLayout>
  );
}

function download(reply: FastifyReply, filename: string, contentType: string, body: string) {
  return reply
    .header('content-type', contentType)
    .header('content-disposition', `attachment; filename="${filename}"`)
    .header('cache-control', 'no-store')
    .send(body);
}

export async function adminExportPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.reader;
  const stamp = () => deps.clock().toISOString().slice(0, 10);

  app.get('/admin/exports', async (request, reply) => {
    const [ctx, stores] = await Promise.all([pageContext(deps, request, reply), listStores(db)]);
    return sendPage(reply, <ExportsPage ctx={ctx} stores={stores} range={parseRange({}, deps.clock())} />);
  });

  /** The stores and days asked for; 400 naming the field otherwise (DESIGN.md §3: ≤ 366 days, years 2000–2100). */
  async function salesQuery(query: { store?: unknown; from?: unknown; to?: unknown }): Promise<SalesQuery> {
    const range = parseRange(query, deps.clock());
    const all = await listStores(db);
    const slug = typeof query.store === 'string' && query.store !== '' ? query.store : 'all';
    const stores = slug === 'all' ? all : all.filter((s) => s.slug === slug);
    if (stores.length === 0) throw new ValidationError({ store: 'Choose a store, or every store.' });
    return { stores, ...range };
  }

  function stream(reply: FastifyReply, filename: string, contentType: string, body: AsyncIterable<string>) {
    return reply
      .header('content-type', contentType)
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(body));
  }

  const salesName = (q: SalesQuery, ext: string) => `alpaca-sales-${q.stores.length === 1 ? q.stores[0]!.slug : 'all'}-${q.from}-to-${q.to}.${ext}`;

  app.get('/admin/exports/orders.csv', async (request, reply) => {
    const q = await salesQuery(request.query as Record<string, unknown>);
    return stream(reply, salesName(q, 'csv'), 'text/csv; charset=utf-8', salesCsv(salesOrders(db, q)));
  });

  app.get('/admin/exports/orders.jsonl', async (request, reply) => {
    const q = await salesQuery(request.query as Record<string, unknown>);
    return stream(reply, salesName(q, 'jsonl'), 'application/jsonl; charset=utf-8', salesJsonLines(salesOrders(db, q)));
  });

  app.get('/admin/exports/catalogue.jsonl', async (_request, reply) => {
    const records = await catalogueRecords(db, deps.config.publicUrl);
    return download(reply, `alpaca-catalogue-${stamp()}.jsonl`, 'application/jsonl; charset=utf-8', toJsonLines(records));
  });

  app.get('/admin/exports/catalogue.csv', async (_request, reply) => {
    const [records, stores] = await Promise.all([catalogueRecords(db, deps.config.publicUrl), listStores(db)]);
    // The byte-order mark tells spreadsheet programs the file is UTF-8 (£, é).
    return download(
      reply,
      `alpaca-catalogue-${stamp()}.csv`,
      'text/csv; charset=utf-8',
      `\uFEFF${toCsv(
        records,
        stores.map((s) => s.slug),
      )}`,
    );
  });
}
