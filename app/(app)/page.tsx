import type { Metadata } from 'next';
import { StockDashboard } from '@/components/stock-dashboard';
import { Badge, Card, PageHeader } from '@/components/ui';
import { requirePage } from '@/lib/page-auth';
import { serverInfo } from '@/server/info';
import { countActiveTokens, getMyRoles } from '@/server/users';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function Dashboard() {
  const ctx = await requirePage('user', '/');
  const [info, tokens] = await Promise.all([serverInfo(ctx), countActiveTokens(ctx, ctx.actor.userId)]);
  const roles = getMyRoles(ctx);
  return (
    <>
      <PageHeader title={`Welcome, ${ctx.actor.username}`} />
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Server">
          <dl className="grid grid-cols-2 gap-y-1 text-sm">
            <dt className="text-slate-500">Instance</dt>
            <dd>{info.instance}</dd>
            <dt className="text-slate-500">API version</dt>
            <dd data-testid="api-version">{info.apiVersion}</dd>
            <dt className="text-slate-500">Worker</dt>
            <dd>
              {info.worker_running ? (
                <Badge tone="green">running</Badge>
              ) : (
                <Badge tone="amber">not running</Badge>
              )}
            </dd>
          </dl>
        </Card>
        <Card title="Your access">
          <ul className="flex flex-wrap gap-1 text-sm">
            {roles.is_superuser ? <Badge tone="green">superuser</Badge> : null}
            {roles.is_staff ? <Badge tone="green">staff</Badge> : null}
            {Object.entries(roles.roles)
              .filter(([, perms]) => perms)
              .map(([role, perms]) => (
                <li key={role}>
                  <Badge>
                    {role}: {perms!.join(', ')}
                  </Badge>
                </li>
              ))}
          </ul>
        </Card>
        <Card title="API tokens">
          <p className="text-sm">
            <span className="text-2xl font-semibold" data-testid="token-count">
              {tokens}
            </span>{' '}
            active token{tokens === 1 ? '' : 's'}
          </p>
          <a href="/settings/account" className="text-sm text-brand-600 underline">
            Manage tokens
          </a>
        </Card>
      </div>
      <div className="mt-4">
        <StockDashboard ctx={ctx} />
      </div>
    </>
  );
}
