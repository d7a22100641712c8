// /admin: where each admin task lives, with a few counts.
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import type { AppDeps } from '../../deps.js';
import { pageContext } from '../../web/page-context.js';
import { sendPage } from '../../web/render.js';
import type { PageContext } from '../../web/layout.js';
import { AdminLayout } from './layout.js';

interface Counts {
  stores: number;
  products: number;
  users: number;
  parked: number;
}

function AdminHomePage({ ctx, counts }: { ctx: PageContext; counts: Counts }) {
  return (
    <AdminLayout ctx={ctx} title="Admin">
      <h1>Admin</h1>
      <ul class="admin-cards">
        <li>
          <a href="/admin/stores">
            <strong>{counts.stores}</strong> stores
          </a>
        </li>
        <li>
          <a href="/admin/products">
            <strong>{counts.products}</strong> products
          </a>
        </li>
        <li>
          <a href="/admin/users">
            <strong>{counts.users}</strong> users
          </a>
        </li>
        <li>
          <a href="/admin/logs/outbox?status=parked">
            <strong>{counts.parked}</strong> parked messages
          </a>
        </li>
      </ul>
      <p>Catalogue changes apply to every store at once; managers switch items on and off for their own store.</p>
    </AdminLayout>
  );
}

export async function adminHome(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get('/admin', async (request, reply) => {
    const row = await sql<{ stores: number; products: number; users: number; parked: number }>`
      SELECT (SELECT count(*) FROM stores) AS stores, (SELECT count(*) FROM products) AS products,
             (SELECT count(*) FROM users) AS users,
             (SELECT count(*) FROM outbox WHERE parked_at IS NOT NULL AND delivered_at IS NULL) AS parked`.execute(deps.db.writer);
    const counts = row.rows[0]!;
    return sendPage(reply, <AdminHomePage ctx={await pageContext(deps, request, reply)} counts={counts} />);
  });
}
