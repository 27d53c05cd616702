import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge, Card, LinkButton, PageHeader, Table } from '@/components/ui';
import { PERMISSIONS, ROLE_LABELS, type Role } from '@/domain/roles';
import { requirePage } from '@/lib/page-auth';
import { listGroups } from '@/server/users';
import { groupRows, type RuleView } from '../_shared/groups';
import { NewGroupForm } from './new-group-form';

export const metadata: Metadata = { title: 'Groups' };

/** The permissions a ruleset grants, in InvenTree's order. */
const granted = (r: RuleView) => PERMISSIONS.filter((p) => r[`can_${p}`]);

export default async function GroupsPage() {
  const ctx = await requirePage('admin', '/admin/groups');
  // One call: members and rulesets come with the list (fetched set-based by the verb).
  const groups = groupRows(
    await listGroups(
      ctx,
      { ordering: 'name', role_detail: true, user_detail: true, search_regex: false, search_whole: false },
      new URL('http://local/'),
    ),
  );

  return (
    <>
      <PageHeader title="Groups">
        <LinkButton href="/admin/users">Users</LinkButton>
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <Card className="min-w-0">
          <div data-testid="group-table">
            <Table head={['Name', 'Members', 'Roles']}>
              {groups.map((g) => {
                const roles = (g.roles ?? []).filter((r) => granted(r).length);
                return (
                  <tr key={g.pk} data-testid="group-row">
                    <td className="whitespace-nowrap px-3 py-2">
                      <Link href={`/admin/groups/${g.pk}`} className="font-medium text-brand-600 underline">
                        {g.name}
                      </Link>
                    </td>
                    <td className="px-3 py-2" data-testid="group-member-count">
                      {g.users?.length ?? 0}
                    </td>
                    <td className="px-3 py-2">
                      {roles.length ? (
                        <div className="flex flex-wrap gap-1">
                          {roles.map((r) => {
                            const perms = granted(r);
                            const all = perms.length === PERMISSIONS.length;
                            return (
                              <Badge key={r.name} tone={all ? 'green' : 'slate'}>
                                {ROLE_LABELS[r.name as Role] ?? r.label}
                                {all ? '' : `: ${perms.join(', ')}`}
                              </Badge>
                            );
                          })}
                        </div>
                      ) : (
                        <span className="text-slate-400">no permissions</span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </Table>
          </div>
          {groups.length === 0 ? <p className="px-3 py-4 text-sm text-slate-500">No groups yet.</p> : null}
          <p className="mt-3 text-xs text-slate-500">
            Green roles grant every permission (view, add, change, delete).
          </p>
        </Card>
        <Card title="New group">
          <NewGroupForm />
        </Card>
      </div>
    </>
  );
}
