// The one shape of the catalogue's list pages (categories, products, option groups): a heading, an
// "Add …" button, and a table whose first column names the row and whose last holds its Edit link.
import type { ComponentChildren } from 'preact';
import type { PageContext } from '../../../web/layout.js';
import { AdminLayout } from '../layout.js';

export function CatalogueListPage({
  ctx,
  title,
  add,
  caption,
  columns,
  children,
}: {
  ctx: PageContext;
  title: string;
  add: { href: string; label: string };
  caption: string;
  columns: string[];
  children: ComponentChildren;
}) {
  return (
    <AdminLayout ctx={ctx} title={title}>
      <h1>{title}</h1>
      <p>
        <a class="button button--primary" href={add.href}>
          {add.label}
        </a>
      </p>
      <table class="admin-table">
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
            <th scope="col">
              <span class="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </AdminLayout>
  );
}

/** "Edit", with the row's name for screen readers (many rows have an Edit link). */
export function EditLink({ href, name }: { href: string; name: string }) {
  return (
    <a href={href}>
      Edit<span class="visually-hidden"> {name}</span>
    </a>
  );
}
