import Link from 'next/link';
import { ADMIN_NAV, NAV, type NavItem } from '@/components/nav';
import { NotificationBell } from '@/components/notification-bell';
import { UserMenu } from '@/components/user-menu';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import { logout } from './actions';

function NavLinks({ items }: { items: NavItem[] }) {
  return (
    <>
      {items.map((item) =>
        item.ready ? (
          <Link
            key={item.href}
            href={item.href}
            className="rounded px-3 py-2 text-sm font-medium text-slate-200 hover:bg-slate-700 hover:text-white"
          >
            {item.label}
          </Link>
        ) : (
          <span
            key={item.href}
            title="Coming soon"
            className="cursor-default rounded px-3 py-2 text-sm text-slate-500"
          >
            {item.label}
          </span>
        ),
      )}
    </>
  );
}

export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const ctx = await requirePage('user');
  const who = ctx.actor;
  const main = NAV.filter((n) => allowed(who, n.access, 'GET'));
  const admin = ADMIN_NAV.filter((n) => allowed(who, n.access, 'GET'));
  return (
    <div className="min-h-screen">
      <header className="bg-slate-800">
        <div className="mx-auto flex max-w-7xl items-center gap-2 px-4 py-2">
          <Link href="/" className="mr-4 text-lg font-semibold text-white">
            InvenTree
          </Link>
          <nav aria-label="Main" className="hidden flex-1 items-center gap-1 md:flex">
            <NavLinks items={main} />
            {admin.length ? <span className="mx-2 h-5 w-px bg-slate-600" /> : null}
            <NavLinks items={admin} />
          </nav>
          <NotificationBell ctx={ctx} />
          <UserMenu label={who.username}>
            <div className="border-b border-slate-100 px-3 py-2 md:hidden">
              {[...main, ...admin]
                .filter((n) => n.ready)
                .map((n) => (
                  <Link key={n.href} href={n.href} className="block py-1 text-slate-700">
                    {n.label}
                  </Link>
                ))}
            </div>
            <Link href="/settings/account" className="block px-3 py-2 text-slate-700 hover:bg-slate-50">
              Account &amp; API tokens
            </Link>
            <Link href="/settings/user" className="block px-3 py-2 text-slate-700 hover:bg-slate-50">
              Your settings
            </Link>
            <Link href="/notifications" className="block px-3 py-2 text-slate-700 hover:bg-slate-50">
              Notifications
            </Link>
            <form action={logout}>
              <button
                type="submit"
                className="block w-full px-3 py-2 text-left text-slate-700 hover:bg-slate-50"
              >
                Sign out
              </button>
            </form>
          </UserMenu>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
    </div>
  );
}
