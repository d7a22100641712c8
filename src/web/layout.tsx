// The page frame every screen shares: header with store, basket and account; main; footer.
import type { ComponentChildren } from 'preact';
import type { CurrentUser } from './current-user.js';
import { isAdmin } from '../domain/permissions.js';
import { readFromReplica } from '../db/writer-or-replica.js';
import { type Flash, FlashMessage, Message } from './message.js';
import { plural } from '../domain/words.js';
import type { StaffContext } from './staff-context.js';
import { BackOfficeHeader, StaffHeader } from './staff-nav.js';

export interface PageContext {
  user: CurrentUser | null;
  csrfToken: string;
  flash: Flash | null;
  store: { slug: string; name: string } | null;
  basketCount: number;
  path: string;
  /** Set on /staff pages: the staff app's frame replaces the customer header. */
  staff?: StaffContext | null;
  /** Set on /admin pages: the back office's frame replaces the customer header. */
  backOffice?: boolean;
}

interface LayoutProps {
  ctx: PageContext;
  title: string;
  children: ComponentChildren;
  /** Extra <head> content, e.g. a meta refresh fallback for live pages. */
  head?: ComponentChildren;
  wide?: boolean;
}

export function Layout({ ctx, title, children, head, wide }: LayoutProps) {
  // Navigation only: every route checks its own permission (src/domain/permissions.ts).
  const staffStores = new Map(
    (ctx.user?.grants ?? []).filter((g) => g.storeSlug).map((g) => [g.storeSlug!, (g.storeName ?? g.storeSlug!).replace(/^Alpaca Cafe /, '')]),
  );
  const admin = isAdmin(ctx.user);
  const staffFrame = Boolean(ctx.staff || ctx.backOffice);
  return (
    <html lang="en-GB">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="csrf-token" content={ctx.csrfToken} />
        <title>{`${title} · Alpaca Cafe`}</title>
        <link rel="stylesheet" href="/static/styles.css" />
        <link rel="icon" href="/static/alpaca.svg" type="image/svg+xml" />
        {staffFrame && <link rel="stylesheet" href="/static/staff.css" />}
        {head}
        <script src="/static/app.js" defer />
      </head>
      <body class={staffFrame ? 'staff-app' : undefined}>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        {ctx.staff ? (
          <StaffHeader ctx={ctx} staff={ctx.staff} />
        ) : ctx.backOffice ? (
          <BackOfficeHeader ctx={ctx} />
        ) : (
          <header class="site-header">
            <div class="site-header__inner">
              <a class="brand" href="/">
                <img src="/static/alpaca.svg" alt="" width="32" height="32" />
                <span>Alpaca Cafe</span>
              </a>
              <nav aria-label="Main" class="site-nav">
                {ctx.store ? (
                  <a href={`/stores/${ctx.store.slug}`} class="nav-store" title="Your store">
                    <span class="nav-store__label">Store</span> {ctx.store.name.replace(/^Alpaca Cafe /, '')}
                  </a>
                ) : (
                  <a href="/stores">Choose a store</a>
                )}
                {[...staffStores].map(([slug, name]) => (
                  <a href={`/staff/${slug}/queue`}>Queue · {name}</a>
                ))}
                {admin && <a href="/admin">Admin</a>}
                {ctx.user ? (
                  <a href="/account" aria-label={`Your account, ${ctx.user.firstName}`}>
                    Account
                  </a>
                ) : (
                  <a href={`/login?returnTo=${encodeURIComponent(ctx.path)}`}>Log in</a>
                )}
                <a href="/basket" class="nav-basket" aria-label={`Basket, ${plural(ctx.basketCount, 'item')}`}>
                  Basket{' '}
                  <span class="badge" data-basket-count>
                    {ctx.basketCount}
                  </span>
                </a>
              </nav>
            </div>
          </header>
        )}
        <main id="main" class={wide ? 'page page--wide' : 'page'}>
          {readFromReplica() && (
            <Message kind="info" data={{ stale: '' }}>
              <p>This page may be a few seconds old while we switch database servers.</p>
            </Message>
          )}
          <FlashMessage flash={ctx.flash} />
          {ctx.user && !ctx.user.emailVerified && (
            // Until the address is confirmed (issue 14): ordering still works, receipts still go.
            <Message kind="warning" class="verify-banner">
              <p>Please confirm your email address: we sent a link to {ctx.user.email}.</p>
              <form method="post" action="/account/email/resend">
                <Csrf ctx={ctx} />
                <button class="button button--small" type="submit">
                  Send the link again
                </button>
              </form>
            </Message>
          )}
          {children}
        </main>
        {!staffFrame && (
          <footer class="site-footer">
            <p>Alpaca Cafe · order ahead, collect in store · prices include VAT</p>
          </footer>
        )}
      </body>
    </html>
  );
}

/** A hidden CSRF field for every form. */
export function Csrf({ ctx }: { ctx: PageContext }) {
  return <input type="hidden" name="_csrf" value={ctx.csrfToken} />;
}

export function FieldError({ message, id }: { message: string | undefined; id: string }) {
  if (!message) return null;
  return (
    <p class="field-error" id={id} role="alert">
      {message}
    </p>
  );
}
