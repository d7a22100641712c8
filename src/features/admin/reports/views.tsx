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
import { FieldError } from '../../../web/layout.js';
import type { HourSales, StoreSummary } from './store-summary-queries.js';

interface StoreChoice {
  id: number;
  slug: string;
  name: string;
  timezone: string;
}

export interface ReportData {
  range: DateRange;
  days: string[];
  stores: StoreChoice[];
  sales: StoreDay[];
  byQuantity: ProductSales[];
  byRevenue: ProductSales[];
  summaries: StoreSummary[];
  hours: HourSales[];
}

function StoreSummaryTable({ data }: { data: ReportData }) {
  const zero: Omit<StoreSummary, 'storeId'> = {
    orders: 0,
    revenuePence: 0,
    averageTicketPence: 0,
    declinedAttempts: 0,
    refusedCaptures: 0,
    refunds: 0,
    refundedPence: 0,
  };
  return (
    <table class="admin-table report-summary">
      <caption>Average ticket, payment failures and refunds per store</caption>
      <thead>
        <tr>
          <th scope="col">Store</th>
          <th scope="col">Orders</th>
          <th scope="col">Revenue</th>
          <th scope="col">Average ticket</th>
          <th scope="col">Cards declined at checkout</th>
          <th scope="col">Charges refused at check-in</th>
          <th scope="col">Refunds</th>
          <th scope="col">Refunded</th>
        </tr>
      </thead>
      <tbody>
        {data.stores.map((store) => {
          const s = data.summaries.find((x) => x.storeId === store.id) ?? { storeId: store.id, ...zero };
          return (
            <tr>
              <th scope="row">{store.name}</th>
              <td>{s.orders}</td>
              <td>{formatPence(s.revenuePence)}</td>
              <td>{s.orders === 0 ? '—' : formatPence(s.averageTicketPence)}</td>
              <td>{s.declinedAttempts}</td>
              <td>{s.refusedCaptures}</td>
              <td>{s.refunds}</td>
              <td>{formatPence(s.refundedPence)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

const HOURS = Array.from({ length: 24 }, (_, h) => h);
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00–${String(h).padStart(2, '0')}:59`;

function HourTable({ data }: { data: ReportData }) {
  const cell = (storeId: number, hour: number) => data.hours.find((x) => x.storeId === storeId && x.hour === hour);
  // Only the hours something was sold in (or the whole day when nothing was), so the table stays short.
  const sold = HOURS.filter((h) => data.hours.some((x) => x.hour === h));
  return (
    <table class="admin-table report-hours">
      <caption>Orders and revenue by hour of the day, on each store's own clock</caption>
      <thead>
        <tr>
          <th scope="col" rowSpan={2}>
            Hour
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
        {(sold.length > 0 ? sold : HOURS).map((hour) => (
          <tr>
            <th scope="row">{hourLabel(hour)}</th>
            {data.stores.map((s) => {
              const c = cell(s.id, hour);
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
  );
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
  allStores,
  data,
  errors,
}: {
  ctx: PageContext;
  values: { from: string; to: string; store: string };
  allStores: StoreChoice[];
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
        <div class={errors?.['store'] ? 'field field--invalid' : 'field'}>
          <label for="store">Store</label>
          <select id="store" name="store" aria-describedby={errors?.['store'] ? 'store-error' : undefined}>
            <option value="">Every store</option>
            {allStores.map((s) => (
              <option value={s.slug} selected={values.store === s.slug}>
                {s.name}
              </option>
            ))}
          </select>
          <FieldError id="store-error" message={errors?.['store']} />
        </div>
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
      <StoreSummaryTable data={data} />
      <HourTable data={data} />
      <div class="report-columns">
        <ProductTable caption="Top products by quantity" products={data.byQuantity} />
        <ProductTable caption="Top products by revenue" products={data.byRevenue} />
      </div>
    </>
  );
}
