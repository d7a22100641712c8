// /admin/logs/audit: every admin and manager action, filterable by actor, action and date.
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError, type FieldErrors } from '../../../domain/errors.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { FieldError } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { AdminLayout } from '../layout.js';
import { auditActions, checkAuditFilter, listAudit, type AuditEntry, type AuditFilter } from './audit-queries.js';
import { JsonBlock, Pager, pageParam, when } from './json.js';
import { DayRangeFields, queryText } from './log-filters.js';

interface Props {
  ctx: PageContext;
  filter: AuditFilter;
  actions: string[];
  entries: AuditEntry[];
  page: number;
  hasMore: boolean;
  errors?: FieldErrors | undefined;
}

function AuditPage({ ctx, filter, actions, entries, page, hasMore, errors }: Props) {
  const query = (p: number) => `/admin/logs/audit?${new URLSearchParams({ ...filter, page: String(p) })}`;
  return (
    <AdminLayout ctx={ctx} title="Audit log">
      <h1>Audit log</h1>
      <form method="get" action="/admin/logs/audit" class="filters-form" novalidate>
        <ErrorSummary errors={errors} />
        <TextField name="actor" label="Who (email or user id)" value={filter.actor} errors={errors} required={false} />
        <div class={errors?.['action'] ? 'field field--invalid' : 'field'}>
          <label for="action">Action</label>
          <input id="action" name="action" list="audit-actions" value={filter.action} />
          <datalist id="audit-actions">
            {actions.map((a) => (
              <option value={a} />
            ))}
          </datalist>
          <FieldError id="action-error" message={errors?.['action']} />
        </div>
        <DayRangeFields range={filter} errors={errors} />
        <button class="button" type="submit">
          Filter
        </button>
      </form>
      {entries.length === 0 ? (
        <p>No entries match.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">What</th>
              <th scope="col">Store</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{when(e.at)}</td>
                <td>{e.actorEmail ?? (e.actorId ? `user ${e.actorId}` : 'system')}</td>
                <th scope="row">{e.action}</th>
                <td>
                  {e.entity}
                  {e.entityId ? ` ${e.entityId}` : ''}
                </td>
                <td>{e.storeName ?? '—'}</td>
                <td>
                  <JsonBlock value={e.before} label="Before" />
                </td>
                <td>
                  <JsonBlock value={e.after} label="After" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager page={page} hasMore={hasMore} href={query} />
    </AdminLayout>
  );
}

type Query = { Querystring: Record<string, string | undefined> };

export async function adminAuditPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  app.get<Query>('/admin/logs/audit', async (request, reply) => {
    const q = request.query;
    const filter: AuditFilter = { actor: queryText(q['actor']), action: queryText(q['action']), from: queryText(q['from']), to: queryText(q['to']) };
    const page = pageParam(q['page']);
    const [ctx, actions] = await Promise.all([pageContext(deps, request, reply), auditActions(db)]);
    try {
      checkAuditFilter(filter);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <AuditPage ctx={ctx} filter={filter} actions={actions} entries={[]} page={1} hasMore={false} errors={error.fields} />, 400);
    }
    const { entries, hasMore } = await listAudit(db, filter, page);
    return sendPage(reply, <AuditPage ctx={ctx} filter={filter} actions={actions} entries={entries} page={page} hasMore={hasMore} />);
  });
}
