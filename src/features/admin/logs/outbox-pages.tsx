// /admin/logs/outbox: messages by status, with a Retry button for parked ones.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { NotFoundError } from '../../../domain/errors.js';
import { Csrf, type PageContext } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { redirectWithFlash, sendPage } from '../../../web/render.js';
import { requireAdmin } from '../guard.js';
import { AdminLayout } from '../layout.js';
import { JsonBlock, Pager, pageParam, when } from './json.js';
import { listOutbox, OUTBOX_STATUSES, outboxCounts, retryParkedMessage, type OutboxEntry, type OutboxStatus } from './outbox-queries.js';
import { success } from '../../../web/message.js';

interface Props {
  ctx: PageContext;
  status: OutboxStatus;
  page: number;
  entries: OutboxEntry[];
  hasMore: boolean;
  counts: Record<string, number>;
}

function OutboxPage({ ctx, status, page, entries, hasMore, counts }: Props) {
  return (
    <AdminLayout ctx={ctx} title="Outbox">
      <h1>Outbox</h1>
      <p>Emails, printer tickets and payment voids waiting to leave, delivered, or parked after too many failed tries.</p>
      <nav aria-label="Filter by status" class="filters">
        <ul>
          {OUTBOX_STATUSES.map((s) => (
            <li>
              <a href={`/admin/logs/outbox?status=${s}`} aria-current={s === status ? 'page' : undefined}>
                {s[0]!.toUpperCase() + s.slice(1)}
                {s === 'all' ? '' : ` (${counts[s] ?? 0})`}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {entries.length === 0 ? (
        <p>No messages.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              <th scope="col">Created</th>
              <th scope="col">Next try / done</th>
              <th scope="col">Last error</th>
              <th scope="col">Payload</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <th scope="row">{e.id}</th>
                <td>{e.kind}</td>
                <td>
                  <span class={`status status--${e.status}`}>{e.status}</span>
                </td>
                <td>{e.attempts}</td>
                <td>{when(e.createdAt)}</td>
                <td>{e.status === 'delivered' ? when(e.deliveredAt) : e.status === 'parked' ? `parked ${when(e.parkedAt)}` : when(e.availableAt)}</td>
                <td class="error-text">{e.lastError ?? '—'}</td>
                <td>
                  <JsonBlock value={e.payload} label="Show" />
                </td>
                <td>
                  {e.status === 'parked' && (
                    <form method="post" action={`/admin/logs/outbox/${e.id}/retry`} class="inline-form">
                      <Csrf ctx={ctx} />
                      <button class="button button--small" type="submit">
                        Retry<span class="visually-hidden"> message {e.id}</span>
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} href={(p) => `/admin/logs/outbox?status=${status}&page=${p}`} />
    </AdminLayout>
  );
}

export async function adminOutboxPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;

  app.get<{ Querystring: { status?: string; page?: string } }>('/admin/logs/outbox', async (request, reply) => {
    const requested = request.query.status ?? 'all';
    const status: OutboxStatus = (OUTBOX_STATUSES as readonly string[]).includes(requested) ? (requested as OutboxStatus) : 'all';
    const page = pageParam(request.query.page);
    const [ctx, list, counts] = await Promise.all([pageContext(deps, request, reply), listOutbox(db, status, page), outboxCounts(db)]);
    return sendPage(reply, <OutboxPage ctx={ctx} status={status} page={page} entries={list.entries} hasMore={list.hasMore} counts={counts} />);
  });

  app.post<{ Params: { id: string } }>('/admin/logs/outbox/:id/retry', async (request, reply) => {
    const admin = requireAdmin(request);
    // 15 digits at most: an outbox id is a safe integer (column-types.ts).
    if (!/^[1-9]\d{0,14}$/.test(request.params.id)) throw new NotFoundError('Message');
    await retryParkedMessage(db, admin.id, Number(request.params.id), deps.clock());
    return redirectWithFlash(reply, '/admin/logs/outbox?status=parked', success(`Message ${request.params.id} will be tried again now.`));
  });
}
