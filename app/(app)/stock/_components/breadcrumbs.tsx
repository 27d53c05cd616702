import Link from 'next/link';

/** "Stock / Warehouse / Shelf 2": a location path, each step a link to it. */
export function LocationBreadcrumbs({
  path,
  current,
}: {
  path: { pk: number; name: string }[];
  /** A last, unlinked step (an item's name). */
  current?: string;
}) {
  const steps = [
    { href: '/stock', label: 'Stock' },
    ...path.map((c) => ({ href: `/stock?location=${c.pk}`, label: c.name })),
  ];
  return (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm" data-testid="breadcrumbs">
      <ol className="flex flex-wrap items-center gap-1 text-slate-500">
        {steps.map((s, i) => {
          const last = i === steps.length - 1 && current === undefined;
          return (
            <li key={s.href} className="flex items-center gap-1">
              {i ? <span aria-hidden="true">/</span> : null}
              {last ? (
                <span aria-current="page" className="font-medium text-slate-800">
                  {s.label}
                </span>
              ) : (
                <Link href={s.href} className="text-brand-600 hover:underline">
                  {s.label}
                </Link>
              )}
            </li>
          );
        })}
        {current !== undefined ? (
          <li className="flex items-center gap-1">
            <span aria-hidden="true">/</span>
            <span aria-current="page" className="font-medium text-slate-800">
              {current}
            </span>
          </li>
        ) : null}
      </ol>
    </nav>
  );
}
