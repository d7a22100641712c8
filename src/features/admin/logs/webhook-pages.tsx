// /admin/logs/webhooks: Stripe events as received (the orders feature stores them, deduplicated by event id).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import type { PageContext } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { AdminLayout } from '../layout.js';
import { listWebhookEvents, type WebhookEntry } from './webhook-queries.js';
import { JsonBlock, Pager, pageParam, when } from './json.js';

function WebhookPage({ ctx, page, entries, hasMore }: { ctx: PageContext; page: number; entries: WebhookEntry[]; hasMore: boolean }) {
  return (
    <AdminLayout ctx={ctx} title="Webhooks">
      <h1>Received webhooks</h1>
      <p>Payment events from Stripe, newest first. A repeated delivery of the same event is stored once.</p>
      {entries.length === 0 ? (
        <p>No webhooks received yet.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col">Type</th>
              <th scope="col">Received</th>
              <th scope="col">Processed</th>
              <th scope="col">Result</th>
              <th scope="col">Payload</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <th scope="row">
                  <code>{e.eventId}</code>
                </th>
                <td>{e.type}</td>
                <td>{when(e.receivedAt)}</td>
                <td>{e.processedAt ? when(e.processedAt) : 'not yet'}</td>
                <td>{e.result ?? '—'}</td>
                <td>
                  <JsonBlock value={e.payload} label="Show" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} href={(p) => `/admin/logs/webhooks?page=${p}`} />
    </AdminLayout>
  );
}

export async function adminWebhookPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  app.get<{ Querystring: { page?: string } }>('/admin/logs/webhooks', async (request, reply) => {
    const page = pageParam(request.query.page);
    const [ctx, { entries, hasMore }] = await Promise.all([pageContext(deps, request, reply), listWebhookEvents(deps.db.writer, page)]);
    return sendPage(reply, <WebhookPage ctx={ctx} page={page} entries={entries} hasMore={hasMore} />);
  });
}
