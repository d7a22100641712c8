// /staff for someone who works at several stores (or an admin): pick the store to open.
import { isAdmin } from '../../domain/permissions.js';
import { Layout, type PageContext } from '../../web/layout.js';
import { type StaffStore, shortStoreName } from '../../web/staff-context.js';

export function StaffHome({ ctx, stores }: { ctx: PageContext; stores: StaffStore[] }) {
  return (
    <Layout ctx={ctx} title="Staff">
      <section class="panel" aria-labelledby="stores-heading">
        <h1 id="stores-heading">Which store are you at?</h1>
        <ul class="staff-stores">
          {stores.map((s) => (
            <li>
              <a class="button button--large" href={`/staff/${s.slug}/queue`}>
                {shortStoreName(s.name)}
              </a>
            </li>
          ))}
        </ul>
        {isAdmin(ctx.user) && (
          <p>
            <a href="/admin">Admin: catalogue, stores, users, reports</a>
          </p>
        )}
      </section>
    </Layout>
  );
}
