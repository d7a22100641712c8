// User search (paginated) and one user's page: details, roles, recent orders, account state.
import type { FieldErrors } from '../../../domain/errors.js';
import { formatPence } from '../../../domain/money.js';
import { ErrorSummary } from '../../../web/forms.js';
import { Csrf, type PageContext } from '../../../web/layout.js';
import { Select } from '../fields.js';
import { AdminLayout } from '../layout.js';
import { PAGE_SIZE, type UserDetail, type UserOrder, type UserSummary } from './queries.js';
import { Message } from '../../../web/message.js';
import { STAFF_STATE_LABELS } from '../../../domain/order-state-words.js';

const when = (d: Date) => d.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });

export function UserSearchPage({ ctx, q, page, users, total }: { ctx: PageContext; q: string; page: number; users: UserSummary[]; total: number }) {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const link = (p: number) => `/admin/users?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <AdminLayout ctx={ctx} title="Users">
      <h1>Users</h1>
      {/* biome-ignore lint/a11y/useSemanticElements: role="search" on the form is announced by every browser; <search> only by recent ones */}
      <form method="get" action="/admin/users" role="search" class="inline-form">
        <label for="q">Search by name or email</label>
        <input id="q" name="q" type="search" value={q} maxLength={100} />
        <button class="button" type="submit">
          Search
        </button>
      </form>
      <p role="status">{total === 0 ? 'No users match.' : `${total} user${total === 1 ? '' : 's'}${q ? ` matching “${q}”` : ''} · page ${page} of ${pages}`}</p>
      <table class="admin-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Roles</th>
            <th scope="col">Account</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <th scope="row">
                <a href={`/admin/users/${u.id}`}>
                  {u.firstName} {u.lastName}
                </a>
              </th>
              <td>{u.email}</td>
              <td>{u.roles.join(', ') || 'Customer'}</td>
              <td>{u.disabled ? 'Disabled' : 'Active'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="Pages" class="pagination">
        {page > 1 && (
          <a href={link(page - 1)} rel="prev">
            Previous
          </a>
        )}
        {page < pages && (
          <a href={link(page + 1)} rel="next">
            Next
          </a>
        )}
      </nav>
    </AdminLayout>
  );
}

interface UserPageProps {
  ctx: PageContext;
  user: UserDetail;
  orders: UserOrder[] | null;
  roles: { slug: string; name: string; store_scoped: boolean }[];
  stores: { id: number; name: string }[];
  values?: { role: string; storeId: string };
  errors?: FieldErrors | undefined;
}

export function UserPage({ ctx, user, orders, roles, stores, values, errors }: UserPageProps) {
  const self = ctx.user?.id === user.id;
  return (
    <AdminLayout ctx={ctx} title={`${user.firstName} ${user.lastName}`}>
      <h1>
        {user.firstName} {user.lastName}
      </h1>
      <dl class="details">
        <dt>Email</dt>
        <dd>{user.email}</dd>
        <dt>Joined</dt>
        <dd>{when(user.createdAt)}</dd>
        <dt>Account</dt>
        <dd>{user.disabledAt ? `Disabled since ${when(user.disabledAt)}` : 'Active'}</dd>
      </dl>
      {self && (
        <Message kind="info">
          <p>This is your own account: another admin must change its roles or disable it.</p>
        </Message>
      )}

      <section aria-labelledby="roles-heading">
        <h2 id="roles-heading">Roles</h2>
        {user.grants.length === 0 ? (
          <p>No staff roles: a customer.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Role</th>
                <th scope="col">Store</th>
                <th scope="col">Since</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {user.grants.map((g) => (
                <tr>
                  <th scope="row">{g.roleName}</th>
                  <td>{g.storeName ?? 'All stores'}</td>
                  <td>{when(g.grantedAt)}</td>
                  <td>
                    {!self && (
                      <details class="confirm">
                        <summary class="button button--small">
                          Revoke…
                          <span class="visually-hidden">
                            {' '}
                            {g.roleName}
                            {g.storeName ? ` at ${g.storeName}` : ''}
                          </span>
                        </summary>
                        <form method="post" action={`/admin/users/${user.id}/roles/${g.id}/revoke`} class="confirm__body">
                          <Csrf ctx={ctx} />
                          <p>
                            {user.firstName} loses {g.roleName}
                            {g.storeName ? ` at ${g.storeName}` : ''} now; their open staff pages close.
                          </p>
                          <button class="button button--danger button--small" type="submit" name="confirm" value="yes">
                            Yes, revoke
                          </button>
                        </form>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {!self && (
          <form method="post" action={`/admin/users/${user.id}/roles`} class="stack" novalidate>
            <h3>Grant a role</h3>
            <ErrorSummary errors={errors} />
            <Csrf ctx={ctx} />
            <Select
              name="role"
              label="Role"
              value={values?.role}
              errors={errors}
              options={[{ value: '', label: 'Choose a role' }, ...roles.map((r) => ({ value: r.slug, label: r.name }))]}
            />
            <Select
              name="storeId"
              label="Store"
              value={values?.storeId}
              errors={errors}
              hint="Baristas and managers work at one store; admins have none."
              options={[{ value: '', label: 'No store (admin)' }, ...stores.map((s) => ({ value: String(s.id), label: s.name }))]}
            />
            <button class="button button--primary" type="submit">
              Grant role
            </button>
          </form>
        )}
      </section>

      {!self && (
        <section aria-labelledby="account-heading">
          <h2 id="account-heading">Account</h2>
          <form method="post" action={`/admin/users/${user.id}/${user.disabledAt ? 'enable' : 'disable'}`}>
            <Csrf ctx={ctx} />
            {user.disabledAt ? (
              <button class="button" type="submit">
                Enable account
              </button>
            ) : (
              <details class="confirm">
                <summary class="button button--danger">Disable account…</summary>
                <div class="confirm__body">
                  <p>Disabling signs {user.firstName} out everywhere at once and stops them logging in. You can enable the account again later.</p>
                  <button class="button button--danger" type="submit" name="confirm" value="yes">
                    Yes, disable {user.firstName}'s account
                  </button>
                </div>
              </details>
            )}
          </form>
          <h3>Their data</h3>
          <p>For someone who can't sign in and asks for their data, or asks to be forgotten (UK GDPR). Both are audited.</p>
          <p>
            <a class="button" href={`/admin/users/${user.id}/export`} download>
              Export their data (JSON)
            </a>
          </p>
          <form method="post" action={`/admin/users/${user.id}/erase`} class="stack">
            <Csrf ctx={ctx} />
            <p>
              Erasing removes their name, email, sessions, basket and emails everywhere, signs them out, and keeps their orders for the books as "Deleted
              customer". It cannot be undone, and is refused while an order is under way or they hold a role.
            </p>
            <label class="checkbox">
              <input type="checkbox" name="confirm" value="on" required /> I have checked who asked, and want to erase this account's personal data
            </label>
            <button class="button button--danger" type="submit">
              Erase personal data
            </button>
          </form>
        </section>
      )}

      <section aria-labelledby="orders-heading">
        <h2 id="orders-heading">Recent orders</h2>
        {orders === null ? (
          <p>Orders are not available.</p>
        ) : orders.length === 0 ? (
          <p>No orders yet.</p>
        ) : (
          <table class="admin-table">
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Store</th>
                <th scope="col">State</th>
                <th scope="col">Total</th>
                <th scope="col">Placed</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr>
                  <th scope="row">#{o.number}</th>
                  <td>{o.storeName}</td>
                  <td>{STAFF_STATE_LABELS[o.state]}</td>
                  <td>{formatPence(o.totalPence)}</td>
                  <td>{when(o.createdAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminLayout>
  );
}
