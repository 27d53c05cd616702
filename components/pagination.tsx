import Link from 'next/link';

/**
 * Server-side pagination for a list page: "1–25 of 80", Previous/Next, and the page sizes.
 * `href` builds the link for a window (the caller keeps every other query parameter).
 */
export function Pagination({
  count,
  offset,
  limit,
  shown,
  href,
  sizes = [25, 50, 100],
  noun = 'item',
  testId,
}: {
  count: number;
  offset: number;
  limit: number;
  /** Rows on this page. */
  shown: number;
  href: (window: { offset: number; limit: number }) => string;
  sizes?: number[];
  noun?: string;
  testId?: string;
}) {
  const prev = offset > 0 ? href({ offset: Math.max(0, offset - limit), limit }) : null;
  const next = offset + limit < count ? href({ offset: offset + limit, limit }) : null;
  const link =
    'inline-flex items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-50';
  return (
    <nav
      aria-label="Pagination"
      className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm"
      data-testid={testId}
    >
      <span className="text-slate-600" data-testid={testId ? `${testId}-summary` : undefined}>
        {shown ? `${offset + 1}–${offset + shown} of ${count}` : `${count} ${noun}${count === 1 ? '' : 's'}`}
      </span>
      <div className="flex flex-wrap items-center gap-2">
        <span className="text-slate-500">Per page</span>
        {sizes.map((s) =>
          s === limit ? (
            <span key={s} aria-current="true" className="rounded-md bg-slate-800 px-2 py-1 text-white">
              {s}
            </span>
          ) : (
            <Link
              key={s}
              href={href({ offset: 0, limit: s })}
              className="rounded-md px-2 py-1 text-brand-600 hover:bg-slate-100"
            >
              {s}
            </Link>
          ),
        )}
        {prev ? (
          <Link href={prev} className={link} rel="prev">
            Previous
          </Link>
        ) : null}
        {next ? (
          <Link href={next} className={link} rel="next">
            Next
          </Link>
        ) : null}
      </div>
    </nav>
  );
}
