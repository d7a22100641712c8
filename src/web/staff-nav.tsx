// The tabs across the top of every staff page for one store, showing only what the user may open.
import { can } from '../domain/permissions.js';
import type { PageContext } from './layout.js';

export type StaffTab = 'queue' | 'tickets' | 'attention' | 'orders' | 'availability' | 'busy' | 'hours';

export function StaffNav({ ctx, store, current }: { ctx: PageContext; store: { id: number; slug: string; name: string }; current: StaffTab }) {
  const scope = { storeId: store.id, storeSlug: store.slug };
  const tabs: { tab: StaffTab; label: string; allowed: boolean }[] = [
    { tab: 'queue', label: 'Queue', allowed: can(ctx.user, 'queue.view', scope) },
    // The printer tickets as sent (the in-app feed when no printer is attached): src/features/tickets.
    { tab: 'tickets', label: 'Tickets', allowed: can(ctx.user, 'queue.view', scope) },
    // Orders that need someone (payment refused, no answer from the bank, sold out after payment): src/features/staff-orders.
    { tab: 'attention', label: 'Needs attention', allowed: can(ctx.user, 'queue.view', scope) },
    { tab: 'orders', label: 'Orders', allowed: can(ctx.user, 'queue.view', scope) },
    { tab: 'availability', label: 'Availability', allowed: can(ctx.user, 'store.availability', scope) },
    { tab: 'busy', label: 'Busy mode', allowed: can(ctx.user, 'store.pause', scope) },
    { tab: 'hours', label: 'Opening hours', allowed: can(ctx.user, 'store.hours', scope) },
  ];
  return (
    <nav class="staff-nav" aria-label={`${store.name} staff pages`}>
      <ul>
        {tabs
          .filter((t) => t.allowed)
          .map((t) => (
            <li>
              <a href={`/staff/${store.slug}/${t.tab}`} aria-current={t.tab === current ? 'page' : undefined}>
                {t.label}
              </a>
            </li>
          ))}
      </ul>
    </nav>
  );
}

/** The staff pages' stylesheet (tabs, switch rows, hours table), for each staff page's <head>. */
export function StaffStyles() {
  return <link rel="stylesheet" href="/static/staff.css" />;
}
