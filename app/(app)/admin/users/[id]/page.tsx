import type { Metadata } from 'next';
import { HistoryPanel } from '@/components/history-panel';
import { Badge, Card, LinkButton, PageHeader, Table } from '@/components/ui';
import { formatDateTime } from '@/lib/http/respond';
import { requirePage } from '@/lib/page-auth';
import { listSessions } from '@/server/auth/sessions';
import { getUser, listGroups } from '@/server/users';
import { groupRows } from '../../_shared/groups';
import { orNotFound, routeId } from '../../_shared/lookup';
import { StatusForm } from '../../_shared/status-form';
import { deleteUserAction, endAllSessionsAction } from './actions';
import { EditUserForm, SetPasswordForm } from './user-forms';

export const metadata: Metadata = { title: 'User' };

export default async function UserPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('admin', `/admin/users/${raw}`);
  const id = routeId(raw);
  const [user, groups, sessions] = await Promise.all([
    orNotFound(getUser(ctx, id)),
    listGroups(
      ctx,
      { ordering: 'name', role_detail: false, search_regex: false, search_whole: false },
      new URL('http://local/'),
    ),
    listSessions(ctx.db, id),
  ]);
  const isSelf = id === ctx.actor.userId;
  const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ');

  return (
    <>
      <PageHeader title={`User: ${user.username}`}>
        <LinkButton href="/admin/users">All users</LinkButton>
      </PageHeader>
      <div
        className="mb-6 flex flex-wrap items-center gap-2 text-sm text-slate-600"
        data-testid="user-summary"
      >
        {fullName ? <span>{fullName}</span> : null}
        {user.is_active ? <Badge tone="green">active</Badge> : <Badge tone="red">inactive</Badge>}
        {user.is_staff ? <Badge tone="amber">staff</Badge> : null}
        {user.is_superuser ? <Badge tone="amber">superuser</Badge> : null}
        {isSelf ? <Badge>you</Badge> : null}
      </div>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 lg:items-start">
        <Card title="Details" className="min-w-0">
          <EditUserForm
            user={{
              pk: user.pk,
              username: user.username,
              first_name: user.first_name,
              last_name: user.last_name,
              email: user.email,
              is_active: user.is_active,
              is_staff: user.is_staff,
              is_superuser: user.is_superuser,
              groups: user.groups,
            }}
            groups={groupRows(groups).map((g) => ({ pk: g.pk, name: g.name }))}
            canSetFlags={ctx.actor.isSuperuser}
            isSelf={isSelf}
          />
        </Card>
        <div className="flex min-w-0 flex-col gap-6">
          {ctx.actor.isSuperuser ? (
            <Card title="Set password">
              <SetPasswordForm userId={user.pk} />
            </Card>
          ) : null}
          <Card title="Sessions">
            {sessions.length ? (
              <div data-testid="session-table">
                <Table head={['Started', 'Last seen', 'Address', 'Browser']}>
                  {sessions.map((s) => (
                    <tr key={s.id} data-testid="session-row">
                      <td className="whitespace-nowrap px-3 py-2">{formatDateTime(s.created)}</td>
                      <td className="whitespace-nowrap px-3 py-2">
                        {formatDateTime(s.lastSeen)}
                        {s.id === ctx.actor.sessionId ? (
                          <span className="ml-2">
                            <Badge tone="green">this session</Badge>
                          </span>
                        ) : null}
                      </td>
                      <td className="px-3 py-2">{s.ipAddress ?? '—'}</td>
                      <td className="max-w-xs truncate px-3 py-2" title={s.userAgent ?? ''}>
                        {s.userAgent ?? '—'}
                      </td>
                    </tr>
                  ))}
                </Table>
              </div>
            ) : (
              <p className="text-sm text-slate-500" data-testid="no-sessions">
                No live sessions.
              </p>
            )}
            {sessions.length ? (
              <StatusForm
                action={endAllSessionsAction}
                submitLabel="End all sessions"
                variant="secondary"
                okText="Sessions ended."
                testId="end-sessions-form"
                className="mt-4 flex flex-col gap-2"
              >
                <input type="hidden" name="id" value={user.pk} />
                {isSelf ? <p className="text-xs text-slate-500">This also signs you out here.</p> : null}
              </StatusForm>
            ) : null}
          </Card>
          <Card title="Delete user">
            {isSelf ? (
              <p className="text-sm text-slate-500">You cannot delete your own account.</p>
            ) : (
              <StatusForm
                action={deleteUserAction}
                submitLabel="Delete user"
                variant="danger"
                okText="Deleted."
                testId="delete-user-form"
                className="flex flex-col gap-2"
              >
                <input type="hidden" name="id" value={user.pk} />
                <p className="text-sm text-slate-600">
                  Removes <strong>{user.username}</strong>, their group memberships, sessions and API tokens.
                  This cannot be undone; deactivating the user keeps their history instead.
                </p>
              </StatusForm>
            )}
          </Card>
        </div>
      </div>
      <div className="mt-6">
        <HistoryPanel ctx={ctx} model="user" objectId={user.pk} />
      </div>
    </>
  );
}
