// The reports page: range form, chart, the same numbers as a table, and top products.
import type { FieldErrors } from '../../../domain/errors.js';
import { formatPence } from '../../../domain/money.js';
import { ErrorSummary, TextField } from '../../../web/forms.js';
import type { PageContext } from '../../../web/layout.js';
import { AdminLayout } from '../layout.js';
import { RevenueChart } from './chart.js';
import type { ProductSales, StoreDay } from './queries.js';
import type { DateRange } from './range.js';
import { plural } from '../../../domain/words.js';

export interface ReportData {
  range: DateRange;
  days: string[];
  stores: { id: number; name: string; timezone: string }[];
  sales: StoreDay[];
  byQuantity: ProductSales[];
  byRevenue: ProductSales[];
}

function ProductTable({ caption, products }: { caption: string; products: ProductSales[] }) {
  return (
    <table class="admin-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Product</th>
          <th scope="col">Sold</th>
          <th scope="col">Revenue</th>
        </tr>
      </thead>
      <tbody>
        {products.map((p) => (
          <tr>
            <th scope="row">{p.name}</th>
            <td>{p.quantity}</td>
            <td>{formatPence(p.revenuePence)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReportsPage({
  ctx,
  values,
  data,
  errors,
}: {
  ctx: PageContext;
  values: { from: string; to: string };
  data: ReportData | null;
  errors?: FieldErrors | undefined;
}) {
  return (
    <AdminLayout ctx={ctx} title="Reports">
      <h1>Orders and revenue</h1>
      <form method="get" action="/admin/reports" class="filters-form" novalidate>
        <ErrorSummary errors={errors} />
        <TextField type="date" required={false} name="from" label="From" value={values.from} errors={errors} />
        <TextField type="date" required={false} name="to" label="To (inclusive)" value={values.to} errors={errors} />
        <button class="button" type="submit">
          Show
        </button>
      </form>
      {data && <Report data={data} />}
    </AdminLayout>
  );
}

function Report({ data }: { data: ReportData }) {
  const cell = (storeId: number, day: string) => data.sales.find((s) => s.storeId === storeId && s.day === day);
  const series = data.stores.map((s) => ({ label: s.name, values: data.days.map((d) => cell(s.id, d)?.revenuePence ?? 0) }));
  const totalOrders = data.sales.reduce((sum, s) => sum + s.orders, 0);
  const totalRevenue = data.sales.reduce((sum, s) => sum + s.revenuePence, 0);
  return (
    <>
      <p>
        Paid, ready and collected orders from {data.range.from} to {data.range.to}, by day on each store's own clock:
        <strong>
          {' '}
          {plural(totalOrders, 'order')}, {formatPence(totalRevenue)}
        </strong>
        .
      </p>
      <RevenueChart
        days={data.days}
        series={series}
        title={`Revenue per day by store, ${data.range.from} to ${data.range.to}`}
        description={`Stacked bars, one per day, one colour per store. Total ${formatPence(totalRevenue)} from ${plural(totalOrders, 'order')}. The table below has the same numbers.`}
      />
      <table class="admin-table report-table">
        <caption>Orders and revenue per store per day</caption>
        <thead>
          <tr>
            <th scope="col" rowSpan={2}>
              Day
            </th>
            {data.stores.map((s) => (
              <th scope="colgroup" colSpan={2}>
                {s.name}
              </th>
            ))}
          </tr>
          <tr>
            {data.stores.map(() => (
              <>
                <th scope="col">Orders</th>
                <th scope="col">Revenue</th>
              </>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.days.map((day) => (
            <tr>
              <th scope="row">{day}</th>
              {data.stores.map((s) => {
                const c = cell(s.id, day);
                return (
                  <>
                    <td>{c?.orders ?? 0}</td>
                    <td>{formatPence(c?.revenuePence ?? 0)}</td>
                  </>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <div class="report-columns">
        <ProductTable caption="Top products by quantity" products={data.byQuantity} />
        <ProductTable caption="Top products by revenue" products={data.byRevenue} />
      </div>
    </>
  );
}
