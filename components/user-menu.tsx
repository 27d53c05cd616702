'use client';

import { usePathname } from 'next/navigation';
import { type ReactNode, useEffect, useRef } from 'react';

/** A `<details>` dropdown that closes itself when the route changes (client navigation keeps the layout). */
export function UserMenu({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (ref.current && pathname) ref.current.open = false;
  }, [pathname]);
  return (
    <details ref={ref} className="relative">
      <summary
        className="cursor-pointer list-none rounded px-3 py-2 text-sm text-slate-200 hover:bg-slate-700"
        data-testid="user-menu"
      >
        {label} ▾
      </summary>
      <div className="absolute right-0 z-10 mt-1 w-56 rounded-md border border-slate-200 bg-white py-1 text-sm shadow-lg">
        {children}
      </div>
    </details>
  );
}
