import type { Metadata } from 'next';
import Link from 'next/link';
import { HistoryPanel } from '@/components/history-panel';
import { Card, LinkButton, PageHeader, Table } from '@/components/ui';
import { PERMISSIONS, ROLE_LABELS, ROLES } from '@/domain/roles';
import { requirePage } from '@/lib/page-auth';
import { getGroup, listUsers } from '@/server/users';
import { CheckboxList } from '../../_shared/fields';
import type { GroupView } from '../../_shared/groups';
import { orNotFound, routeId } from '../../_shared/lookup';
import { StatusForm } from '../../_shared/status-form';
import { deleteGroupAction, updateMembersAction, updateRulesAction } from './actions';
import { RenameGroupForm } from './rename-form';

export const metadata: Metadata = { title: 'Group' };

const PERMISSION_LABELS = { view: 'View', add: 'Add', change: 'Change', delete: 'Delete' } as const;

export default async function GroupPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: raw } = await params;
  const ctx = await requirePage('admin', `/admin/groups/${raw}`);
  const id = routeId(raw);
  const [groupOut, allUsers] = await Promise.all([
    orNotFound(getGroup(ctx, id, { role_detail: true, user_detail: true })),
    listUsers(
      ctx,
      { ordering: 'username', search_regex: false, search_whole: false },
      new URL('http://local/'),
    ),
  ]);
  const group = groupOut as unknown as GroupView;
  const users = Array.isArray(allUsers) ? allUsers : allUsers.results;
  const rules = new Map((group.roles ?? []).map((r) => [r.name, r]));
  const members = new Set((group.users ?? []).map((u) => String(u.pk)));

  return (
    <>
      <PageHeader title={`Group: ${group.name}`}>
        <LinkButton href="/admin/groups">All groups</LinkButton>
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2 lg:items-start">
        <div className="flex min-w-0 flex-col gap-6">
          <Card title="Name">
            <RenameGroupForm groupId={group.pk} name={group.name} />
          </Card>
          <Card title="Role permissions" className="min-w-0">
            <StatusForm action={updateRulesAction} submitLabel="Save permissions" testId="role-matrix">
              <input type="hidden" name="id" value={group.pk} />
              <p className="text-sm text-slate-600">
                Members of this group get every permission ticked here.
              </p>
              <Table head={['Role', ...PERMISSIONS.map((p) => PERMISSION_LABELS[p])]}>
                {ROLES.map((role) => (
                  <tr key={role} data-testid="role-row" data-role={role}>
                    <th
                      scope="row"
                      className="whitespace-nowrap px-3 py-2 text-left font-medium text-slate-800"
                    >
                      {ROLE_LABELS[role]}
                    </th>
                    {PERMISSIONS.map((p) => (
                      <td key={p} className="px-3 py-2">
                        <input
                          type="checkbox"
                          name={`rules.${role}.can_${p}`}
                          value="true"
                          defaultChecked={rules.get(role)?.[`can_${p}`] ?? false}
                          aria-label={`${ROLE_LABELS[role]}: ${PERMISSION_LABELS[p]}`}
                          className="h-5 w-5 rounded border-slate-300"
                        />
                      </td>
                    ))}
                  </tr>
                ))}
              </Table>
            </StatusForm>
          </Card>
        </div>
        <div className="flex min-w-0 flex-col gap-6">
          <Card title={`Members (${members.size})`}>
            <StatusForm action={updateMembersAction} submitLabel="Save members" testId="group-members">
              <input type="hidden" name="id" value={group.pk} />
              <CheckboxList
                legend="Users in this group"
                name="user_ids"
                options={users.map((u) => {
                  const name = [u.first_name, u.last_name].filter(Boolean).join(' ');
                  return {
                    value: u.pk,
                    label: `${u.username}${name ? ` (${name})` : ''}${u.is_active ? '' : ' — inactive'}`,
                  };
                })}
                checked={members}
                empty="No users exist yet."
              />
            </StatusForm>
            {group.users?.length ? (
              <p className="mt-3 text-xs text-slate-500">
                Current:{' '}
                {group.users.map((u, i) => (
                  <span key={u.pk}>
                    {i ? ', ' : ''}
                    <Link href={`/admin/users/${u.pk}`} className="underline">
                      {u.username}
                    </Link>
                  </span>
                ))}
              </p>
            ) : null}
          </Card>
          <Card title="Delete group">
            <StatusForm
              action={deleteGroupAction}
              submitLabel="Delete group"
              variant="danger"
              okText="Deleted."
              testId="delete-group-form"
              className="flex flex-col gap-2"
            >
              <input type="hidden" name="id" value={group.pk} />
              <p className="text-sm text-slate-600">
                Removes <strong>{group.name}</strong> and its permissions; its members lose what the group
                granted. Users themselves are kept.
              </p>
            </StatusForm>
          </Card>
        </div>
      </div>
      <div className="mt-6">
        <HistoryPanel ctx={ctx} model="group" objectId={group.pk} />
      </div>
    </>
  );
}
