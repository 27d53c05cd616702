import type { Metadata } from 'next';
import Form from 'next/form';
import Link from 'next/link';
import { Badge, Button, Card, LinkButton, PageHeader, Table } from '@/components/ui';
import { requirePage } from '@/lib/page-auth';
import { listGroups, listUsers } from '@/server/users';
import { groupRows } from '../_shared/groups';
import { localHref, param } from '../_shared/lookup';
import { NewUserForm } from './new-user-form';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 25;

export default async function UsersPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('admin', '/admin/users');
  const sp = await searchParams;
  const search = param(sp, 'search')?.trim() ?? '';
  const offsetParam = param(sp, 'offset');
  const offset = offsetParam && /^\d+$/.test(offsetParam) ? Number(offsetParam) : 0;

  // Pagination links come back from the verb built on this URL (with limit/offset set).
  const here = new URL('/admin/users', 'http://local');
  if (search) here.searchParams.set('search', search);

  const [page, groups] = await Promise.all([
    listUsers(
      ctx,
      {
        limit: String(PAGE_SIZE),
        offset: String(offset),
        search: search || undefined,
        ordering: 'username',
        search_regex: false,
        search_whole: false,
      },
      here,
    ),
    listGroups(
      ctx,
      { ordering: 'name', role_detail: false, search_regex: false, search_whole: false },
      new URL('http://local/'),
    ),
  ]);
  const rows = Array.isArray(page) ? page : page.results;
  const count = Array.isArray(page) ? page.length : page.count;
  const prev = Array.isArray(page) ? null : localHref(page.previous);
  const next = Array.isArray(page) ? null : localHref(page.next);
  const groupOptions = groupRows(groups).map((g) => ({ pk: g.pk, name: g.name }));

  return (
    <>
      <PageHeader title="Users">
        <LinkButton href="/admin/groups">Groups</LinkButton>
      </PageHeader>
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[minmax(0,1fr)_22rem] lg:items-start">
        <Card className="min-w-0">
          <Form
            action="/admin/users"
            className="mb-4 flex flex-wrap items-end gap-2"
            role="search"
            data-testid="user-search"
          >
            <div className="flex min-w-0 flex-1 flex-col gap-1">
              <label htmlFor="user-search" className="text-sm font-medium text-slate-700">
                Search users
              </label>
              <input
                id="user-search"
                type="search"
                name="search"
                defaultValue={search}
                placeholder="Username or name"
                className="rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600"
              />
            </div>
            <Button variant="secondary">Search</Button>
            {search ? <LinkButton href="/admin/users">Clear</LinkButton> : null}
          </Form>
          <div data-testid="user-table">
            <Table head={['Username', 'Name', 'Email', 'Status', 'Groups']}>
              {rows.map((u) => (
                <tr key={u.pk} data-testid="user-row">
                  <td className="whitespace-nowrap px-3 py-2">
                    <Link href={`/admin/users/${u.pk}`} className="font-medium text-brand-600 underline">
                      {u.username}
                    </Link>
                  </td>
                  <td className="whitespace-nowrap px-3 py-2">
                    {[u.first_name, u.last_name].filter(Boolean).join(' ') || (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                  <td className="px-3 py-2">{u.email || <span className="text-slate-400">—</span>}</td>
                  <td className="px-3 py-2">
                    <div className="flex flex-wrap gap-1">
                      {u.is_active ? <Badge tone="green">active</Badge> : <Badge tone="red">inactive</Badge>}
                      {u.is_staff ? <Badge tone="amber">staff</Badge> : null}
                      {u.is_superuser ? <Badge tone="amber">superuser</Badge> : null}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    {u.groups.length ? (
                      <div className="flex flex-wrap gap-1">
                        {u.groups.map((g) => (
                          <Badge key={g.pk}>{g.name}</Badge>
                        ))}
                      </div>
                    ) : (
                      <span className="text-slate-400">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </Table>
          </div>
          {rows.length === 0 ? (
            <p className="px-3 py-4 text-sm text-slate-500">
              {search ? 'No user matches this search.' : 'No users.'}
            </p>
          ) : null}
          <nav
            aria-label="Pagination"
            className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm"
            data-testid="user-pagination"
          >
            <span className="text-slate-600">
              {rows.length
                ? `${offset + 1}–${offset + rows.length} of ${count}`
                : `${count} user${count === 1 ? '' : 's'}`}
            </span>
            <div className="flex gap-2">
              {prev ? <LinkButton href={prev}>Previous</LinkButton> : null}
              {next ? <LinkButton href={next}>Next</LinkButton> : null}
            </div>
          </nav>
        </Card>
        <Card title="New user">
          <NewUserForm groups={groupOptions} canSetFlags={ctx.actor.isSuperuser} />
        </Card>
      </div>
    </>
  );
}
