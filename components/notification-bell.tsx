import Link from 'next/link';
import type { Ctx } from '@/server/context';
import { unreadCount } from '@/server/notifications';

/** The bell in the header: unread notifications of the signed-in user (server component). */
export async function NotificationBell({ ctx }: { ctx: Ctx }) {
  const unread = await unreadCount(ctx);
  return (
    <Link
      href="/notifications?read=false"
      className="relative ml-auto rounded px-2 py-2 text-slate-200 hover:bg-slate-700"
      aria-label={unread ? `${unread} unread notifications` : 'Notifications'}
      data-testid="notification-bell"
    >
      <svg
        viewBox="0 0 24 24"
        className="h-5 w-5"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        aria-hidden="true"
      >
        <path d="M18 8a6 6 0 10-12 0c0 7-3 9-3 9h18s-3-2-3-9M13.7 21a2 2 0 01-3.4 0" />
      </svg>
      {unread ? (
        <span
          className="absolute -right-0.5 -top-0.5 rounded-full bg-red-600 px-1.5 text-[10px] font-bold text-white"
          data-testid="unread-count"
        >
          {unread > 99 ? '99+' : unread}
        </span>
      ) : null}
    </Link>
  );
}
