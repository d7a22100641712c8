// /admin/exports: the catalogue as JSON Lines or CSV, downloaded as a file.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import type { PageContext } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { listStores } from '../../../db/stores.js';
import { AdminLayout } from '../layout.js';
import { catalogueRecords, toCsv, toJsonLines } from './catalogue-export.js';

function ExportsPage({ ctx }: { ctx: PageContext }) {
  return (
    <AdminLayout ctx={ctx} title="Export">
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

  app.get('/admin/exports', async (request, reply) => sendPage(reply, <ExportsPage ctx={await pageContext(deps, request, reply)} />));

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
