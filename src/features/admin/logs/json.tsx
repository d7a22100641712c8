// Stored JSON shown as text: preact escapes it, so a payload holding markup stays inert.

export function JsonBlock({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined) return <span class="muted">—</span>;
  const text = JSON.stringify(value, null, 2);
  return (
    <details>
      <summary>{label}</summary>
      <pre class="json">{text.length > 20_000 ? `${text.slice(0, 20_000)}\n…` : text}</pre>
    </details>
  );
}

export const when = (d: Date | null) => (d ? d.toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'medium' }) : '—');

export function Pager({ page, hasMore, href }: { page: number; hasMore: boolean; href: (page: number) => string }) {
  return (
    <nav aria-label="Pages" class="pagination">
      {page > 1 && (
        <a href={href(page - 1)} rel="prev">
          Newer
        </a>
      )}
      {hasMore && (
        <a href={href(page + 1)} rel="next">
          Older
        </a>
      )}
    </nav>
  );
}

export function pageParam(value: unknown): number {
  return typeof value === 'string' && /^\d{1,5}$/.test(value) ? Math.max(1, Number(value)) : 1;
}
