import type { Metadata } from 'next';
import { Badge, Button, Card, PageHeader } from '@/components/ui';
import { requirePage } from '@/lib/page-auth';
import { listNotifications } from '@/server/notifications';
import { deleteNotificationAction, markAllReadAction, markReadAction } from './actions';

export const metadata: Metadata = { title: 'Notifications' };

export default async function NotificationsPage({
  searchParams,
}: {
  searchParams: Promise<{ read?: string }>;
}) {
  const ctx = await requirePage('user', '/notifications');
  const { read } = await searchParams;
  const filter = read === 'true' ? true : read === 'false' ? false : undefined;
  const result = await listNotifications(ctx, { read: filter }, new URL('http://local/'));
  const rows = Array.isArray(result) ? result : result.results;
  return (
    <>
      <PageHeader title="Notifications">
        <a href="/notifications?read=false" className="text-sm text-brand-600 underline">
          Unread
        </a>
        <a href="/notifications" className="text-sm text-brand-600 underline">
          All
        </a>
        <form action={markAllReadAction}>
          <Button variant="secondary">Mark all read</Button>
        </form>
      </PageHeader>
      <Card>
        {rows.length === 0 ? (
          <p className="text-sm text-slate-500">No notifications.</p>
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="notification-list">
            {rows.map((n) => (
              <li
                key={n.pk}
                className="flex flex-wrap items-start justify-between gap-3 py-3"
                data-testid="notification"
              >
                <div className="min-w-0">
                  <p className="font-medium">
                    {n.read ? null : <Badge tone="amber">new</Badge>}{' '}
                    {n.link ? (
                      <a href={n.link} className="underline">
                        {n.name}
                      </a>
                    ) : (
                      n.name
                    )}
                  </p>
                  {n.message ? <p className="text-sm text-slate-600">{n.message}</p> : null}
                  <p className="text-xs text-slate-400">
                    {n.category} · {n.age_human}
                  </p>
                </div>
                <div className="flex gap-2">
                  <form action={markReadAction}>
                    <input type="hidden" name="id" value={n.pk} />
                    <input type="hidden" name="read" value={n.read ? 'false' : 'true'} />
                    <Button variant="secondary">{n.read ? 'Mark unread' : 'Mark read'}</Button>
                  </form>
                  <form action={deleteNotificationAction}>
                    <input type="hidden" name="id" value={n.pk} />
                    <Button variant="secondary">Delete</Button>
                  </form>
                </div>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}
