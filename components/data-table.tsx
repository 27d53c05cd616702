import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Column {
  /** Stable key (React) and, for sortable columns, the API's `ordering` name. */
  key: string;
  label: ReactNode;
  /** The `ordering=` field this header sorts by (absent: not sortable). */
  sort?: string;
  /** Extra classes for the header cell (e.g. `hidden md:table-cell` for columns phones skip). */
  className?: string;
}

/** Reads `ordering=-name` into the field and direction. */
export function parseOrdering(ordering: string | undefined): { field: string; desc: boolean } {
  const o = (ordering ?? '').split(',')[0]?.trim() ?? '';
  return o.startsWith('-') ? { field: o.slice(1), desc: true } : { field: o, desc: false };
}

/**
 * A table whose sortable headers are links (server-side ordering, no JavaScript): clicking the
 * current column flips its direction, another column sorts ascending.
 */
export function DataTable({
  columns,
  ordering,
  sortHref,
  children,
  testId,
  caption,
}: {
  columns: Column[];
  /** The current `ordering` value (`name`, `-IPN`, ...). */
  ordering?: string;
  sortHref?: (ordering: string) => string;
  children: ReactNode;
  testId?: string;
  caption?: string;
}) {
  const current = parseOrdering(ordering);
  return (
    <div className="overflow-x-auto" data-testid={testId}>
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        <thead className="bg-slate-50">
          <tr>
            {columns.map((c) => {
              const active = c.sort !== undefined && current.field === c.sort;
              const sort = active ? (current.desc ? 'descending' : 'ascending') : undefined;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={sort}
                  className={`whitespace-nowrap px-3 py-2 text-left font-medium text-slate-600 ${c.className ?? ''}`}
                >
                  {c.sort && sortHref ? (
                    <Link
                      href={sortHref(active && !current.desc ? `-${c.sort}` : c.sort)}
                      className="inline-flex items-center gap-1 hover:text-slate-900"
                    >
                      {c.label}
                      <span aria-hidden="true" className={active ? 'text-slate-800' : 'text-slate-300'}>
                        {active && current.desc ? '▼' : '▲'}
                      </span>
                    </Link>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}
