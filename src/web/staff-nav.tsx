// The staff app's frame: a header with the store switcher, one row of tabs for the store
// (showing only what the user may open) and the account. It replaces the customer header on
// every /staff page (layout.tsx), so no basket and no store chooser reach the counter.
import { can } from '../domain/permissions.js';
import type { CurrentUser } from './current-user.js';
import { type StaffContext, type StaffStore, shortStoreName } from './staff-context.js';

/** What the frame needs of the page's context (layout.tsx's PageContext has it; no import back to it). */
interface FrameContext {
  user: CurrentUser | null;
  csrfToken: string;
  staff?: StaffContext | null | undefined;
}

export type StaffTab = 'queue' | 'attention' | 'orders' | 'tickets' | 'availability' | 'busy' | 'hours' | 'capacity' | 'settings';

interface TabSpec {
  tab: StaffTab;
  label: string;
  allowed: boolean;
}

function tabsFor(ctx: FrameContext, staff: StaffContext | null | undefined, store: StaffStore): TabSpec[] {
  const scope = { storeId: store.id, storeSlug: store.slug };
  const built = staff?.builtTabs;
  // Pages another part of the app adds (needs attention, order lookup) show once their route exists.
  const exists = (tab: StaffTab) => built === undefined || built.includes(tab);
  return [
    { tab: 'queue', label: 'Queue', allowed: can(ctx.user, 'queue.view', scope) },
    { tab: 'attention', label: 'Needs attention', allowed: exists('attention') && can(ctx.user, 'queue.view', scope) },
    { tab: 'orders', label: 'Orders', allowed: exists('orders') && can(ctx.user, 'queue.view', scope) },
    // The printer tickets as sent (the in-app feed when no printer is attached): src/features/tickets.
    { tab: 'tickets', label: 'Tickets', allowed: can(ctx.user, 'queue.view', scope) },
    { tab: 'availability', label: 'Availability', allowed: can(ctx.user, 'store.availability', scope) },
    { tab: 'busy', label: 'Busy mode', allowed: can(ctx.user, 'store.pause', scope) },
    { tab: 'hours', label: 'Opening hours', allowed: can(ctx.user, 'store.hours', scope) },
    { tab: 'capacity', label: 'Capacity', allowed: can(ctx.user, 'store.manage', scope) },
    { tab: 'settings', label: 'Settings', allowed: can(ctx.user, 'store.manage', scope) },
  ];
}

function Tabs({ ctx, staff, store, current }: { ctx: FrameContext; staff: StaffContext | null | undefined; store: StaffStore; current: string | null }) {
  return (
    <nav class="staff-nav" aria-label={`${shortStoreName(store.name)} staff pages`}>
      <ul>
        {tabsFor(ctx, staff, store)
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

/** The store switcher: a plain GET form (works without JavaScript); one store shows as a name only. */
function StoreSwitcher({ staff }: { staff: StaffContext }) {
  const current = staff.current;
  if (staff.stores.length <= 1) {
    return current ? <span class="staff-store">{shortStoreName(current.name)}</span> : null;
  }
  return (
    <form method="get" action="/staff" class="staff-switcher" data-store-switcher>
      <label for="staff-store">Store</label>
      <select id="staff-store" name="store">
        {!current && <option value="">Choose…</option>}
        {staff.stores.map((s) => (
          <option value={s.slug} selected={s.slug === current?.slug}>
            {shortStoreName(s.name)}
          </option>
        ))}
      </select>
      {staff.tab && <input type="hidden" name="tab" value={staff.tab} />}
      <button type="submit" class="button">
        Switch
      </button>
    </form>
  );
}

/** Log out, the same form in both frames. */
function LogOut({ ctx }: { ctx: FrameContext }) {
  return (
    <form method="post" action="/logout">
      <input type="hidden" name="_csrf" value={ctx.csrfToken} />
      <button type="submit" class="button button--quiet">
        Log out
      </button>
    </form>
  );
}

/** The frame's name: "Alpaca Staff" or "Alpaca Admin", home of that app. */
function Brand({ href, app }: { href: string; app: string }) {
  return (
    <a class="brand" href={href}>
      <img src="/static/alpaca.svg" alt="" width="32" height="32" />
      <span>
        Alpaca <span class="staff-header__app">{app}</span>
      </span>
    </a>
  );
}

/** The back office's frame (/admin): the way to the counter and the account, no basket, no store chooser. */
export function BackOfficeHeader({ ctx }: { ctx: FrameContext }) {
  return (
    <header class="staff-header">
      <div class="staff-header__inner">
        <Brand href="/admin" app="Admin" />
        <nav class="staff-header__account" aria-label="Account">
          <a href="/staff">Staff app</a>
          <a href="/account">{ctx.user?.firstName ?? 'Account'}</a>
          <LogOut ctx={ctx} />
        </nav>
      </div>
    </header>
  );
}

export function StaffHeader({ ctx, staff }: { ctx: FrameContext; staff: StaffContext }) {
  return (
    <header class="staff-header">
      <div class="staff-header__inner">
        <Brand href="/staff" app="Staff" />
        <StoreSwitcher staff={staff} />
        <nav class="staff-header__account" aria-label="Account">
          <span class="muted staff-header__who">{ctx.user?.firstName}</span>
          <LogOut ctx={ctx} />
        </nav>
      </div>
      {staff.current && <Tabs ctx={ctx} staff={staff} store={staff.current} current={staff.tab} />}
    </header>
  );
}

/**
 * The tabs inside a page, for a page rendered outside the staff frame. On /staff pages the frame
 * already shows them, so this renders nothing there.
 */
export function StaffNav({ ctx, store, current }: { ctx: FrameContext; store: StaffStore; current: StaffTab }) {
  if (ctx.staff) return null;
  return <Tabs ctx={ctx} staff={null} store={store} current={current} />;
}

/**
 * The staff pages' stylesheet, for a page rendered outside the staff frame. On /staff pages the
 * frame links it already (layout.tsx), so this renders nothing there: once is enough.
 */
export function StaffStyles({ ctx }: { ctx: FrameContext }) {
  if (ctx.staff) return null;
  return <link rel="stylesheet" href="/static/staff.css" />;
}
