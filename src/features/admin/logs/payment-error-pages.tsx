// /admin/logs/payments: payment calls that failed with an error rather than an answer (decision 708):
// configuration faults (a wrong key, a missing permission, a request the provider calls invalid:
// ours to fix, never retried) and transient errors (unreachable, 5xx, rate limited: retried).
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../../deps.js';
import { ValidationError, type FieldErrors } from '../../../domain/errors.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import { FieldError, type PageContext } from '../../../web/layout.js';
import { pageContext } from '../../../web/page-context.js';
import { sendPage } from '../../../web/render.js';
import { AdminLayout } from '../layout.js';
import { Pager, pageParam, when } from './json.js';
import { DayRangeFields, queryText } from './log-filters.js';
import { checkPaymentErrorFilter, listPaymentErrors, PAYMENT_ERROR_KINDS, type PaymentErrorFilter, type PaymentErrorRow } from './payment-error-queries.js';

const KIND_WORDS: Record<PaymentErrorRow['kind'], string> = {
  configuration: 'Configuration fault (not retried)',
  transient: 'Provider unreachable (retried)',
};

interface Props {
  ctx: PageContext;
  filter: PaymentErrorFilter;
  entries: PaymentErrorRow[];
  page: number;
  hasMore: boolean;
  errors?: FieldErrors | undefined;
}

function OrderCell({ entry }: { entry: PaymentErrorRow }) {
  if (entry.orderNumber !== null && entry.storeSlug) return <a href={`/staff/${entry.storeSlug}/orders/${entry.orderId}`}>Order {entry.orderNumber}</a>;
  if (entry.orderId) return <code>{entry.orderId}</code>;
  return <span class="muted">—</span>;
}

function PaymentErrorsPage({ ctx, filter, entries, page, hasMore, errors }: Props) {
  const query = (p: number) => `/admin/logs/payments?${new URLSearchParams({ ...filter, page: String(p) })}`;
  return (
    <AdminLayout ctx={ctx} title="Payments log">
      <h1>Payments log</h1>
      <p>
        Calls to the payment provider that failed with an error, newest first. A configuration fault (a wrong or revoked key, a missing permission, a request
        the provider calls invalid) needs someone to fix the settings: it is never retried. Declined cards are not errors: they are in the reports.
      </p>
      <form method="get" action="/admin/logs/payments" class="filters-form" novalidate>
        <ErrorSummary errors={errors} />
        <div class={errors?.['kind'] ? 'field field--invalid' : 'field'}>
          <label for="kind">Kind</label>
          <select id="kind" name="kind" aria-describedby={errors?.['kind'] ? 'kind-error' : undefined}>
            <option value="">Every kind</option>
            {PAYMENT_ERROR_KINDS.map((k) => (
              <option value={k} selected={filter.kind === k}>
                {KIND_WORDS[k]}
              </option>
            ))}
          </select>
          <FieldError id="kind-error" message={errors?.['kind']} />
        </div>
        <TextField name="order" label="Order (number, id or payment reference)" value={filter.order} errors={errors} required={false} />
        <DayRangeFields range={filter} errors={errors} />
        <button class="button" type="submit">
          Filter
        </button>
      </form>
      {entries.length === 0 ? (
        <p>No payment errors match.</p>
      ) : (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Call</th>
              <th scope="col">Order</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr>
                <td>{when(e.at)}</td>
                <th scope="row">
                  <span class={e.kind === 'configuration' ? 'status status--danger' : 'status status--warn'}>{KIND_WORDS[e.kind]}</span>
                </th>
                <td>
                  {e.gateway} {e.operation}
                  {e.reference && (
                    <>
                      {' '}
                      <code>{e.reference}</code>
                    </>
                  )}
                </td>
                <td>
                  <OrderCell entry={e} />
                </td>
                <td>{e.message}</td>
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

export async function adminPaymentErrorPages(app: FastifyInstance, { deps }: { deps: AppDeps }) {
  const db = deps.db.writer;
  app.get<Query>('/admin/logs/payments', async (request, reply) => {
    const q = request.query;
    const filter: PaymentErrorFilter = { kind: queryText(q['kind']), order: queryText(q['order']), from: queryText(q['from']), to: queryText(q['to']) };
    const page = pageParam(q['page']);
    const ctx = await pageContext(deps, request, reply);
    try {
      checkPaymentErrorFilter(filter);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      return sendPage(reply, <PaymentErrorsPage ctx={ctx} filter={filter} entries={[]} page={1} hasMore={false} errors={error.fields} />, 400);
    }
    const { entries, hasMore } = await listPaymentErrors(db, filter, page);
    return sendPage(reply, <PaymentErrorsPage ctx={ctx} filter={filter} entries={entries} page={page} hasMore={hasMore} />);
  });
}
