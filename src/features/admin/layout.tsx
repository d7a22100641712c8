// The admin frame: the site layout with the admin section navigation.
import type { ComponentChildren } from 'preact';
import { Layout, type PageContext } from '../../web/layout.js';

const sections = [
  { href: '/admin', label: 'Overview' },
  { href: '/admin/stores', label: 'Stores' },
  { href: '/admin/categories', label: 'Categories' },
  { href: '/admin/products', label: 'Products' },
  { href: '/admin/option-groups', label: 'Options' },
  { href: '/admin/users', label: 'Users' },
  { href: '/admin/exports', label: 'Export' },
  { href: '/admin/logs/outbox', label: 'Outbox' },
  { href: '/admin/logs/webhooks', label: 'Webhooks' },
  { href: '/admin/logs/payments', label: 'Payments log' },
  { href: '/admin/logs/audit', label: 'Audit log' },
  { href: '/admin/reports', label: 'Reports' },
];

function current(path: string, href: string): boolean {
  const bare = path.split('?')[0] ?? path;
  return href === '/admin' ? bare === '/admin' : bare === href || bare.startsWith(`${href}/`);
}

export function AdminLayout({ ctx, title, children }: { ctx: PageContext; title: string; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={`${title} · Admin`} wide head={<link rel="stylesheet" href="/static/admin.css" />}>
      <nav aria-label="Admin" class="admin-nav">
        <ul>
          {sections.map((s) => (
            <li>
              <a href={s.href} aria-current={current(ctx.path, s.href) ? 'page' : undefined}>
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-content">{children}</div>
    </Layout>
  );
}
