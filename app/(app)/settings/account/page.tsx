import type { Metadata } from 'next';
import { Badge, Button, Card, PageHeader, Table } from '@/components/ui';
import { formatDateTime } from '@/lib/http/respond';
import { requirePage } from '@/lib/page-auth';
import { listSessions } from '@/server/auth/sessions';
import { listTokens } from '@/server/users';
import { endSessionAction, revokeTokenAction } from './actions';
import { TokenForm } from './token-form';

export const metadata: Metadata = { title: 'Account' };

export default async function AccountPage() {
  const ctx = await requirePage('user', '/settings/account');
  const [tokens, sessions] = await Promise.all([
    listTokens(ctx, { ordering: '-created' }, new URL('http://local/')),
    listSessions(ctx.db, ctx.actor.userId),
  ]);
  const rows = Array.isArray(tokens) ? tokens : tokens.results;
  return (
    <>
      <PageHeader title="Account" />
      <div className="flex flex-col gap-6">
        <Card title="API tokens">
          <p className="mb-4 text-sm text-slate-600">
            Send a token as{' '}
            <code className="rounded bg-slate-100 px-1">Authorization: Token &lt;key&gt;</code> to use the
            REST API.
          </p>
          <TokenForm />
          <div className="mt-4">
            <Table head={['Name', 'Token', 'Created', 'Expiry', 'Last seen', 'Status', '']}>
              {rows.map((t) => (
                <tr key={t.id} data-testid="token-row">
                  <td className="px-3 py-2">{t.name || <span className="text-slate-400">(unnamed)</span>}</td>
                  <td className="px-3 py-2 font-mono text-xs">{t.token}</td>
                  <td className="px-3 py-2">{t.created}</td>
                  <td className="px-3 py-2">{t.expiry ?? '—'}</td>
                  <td className="px-3 py-2">{t.last_seen ?? '—'}</td>
                  <td className="px-3 py-2">
                    {t.active ? (
                      <Badge tone="green">active</Badge>
                    ) : t.revoked ? (
                      <Badge tone="red">revoked</Badge>
                    ) : (
                      <Badge tone="amber">expired</Badge>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right">
                    {t.active ? (
                      <form action={revokeTokenAction}>
                        <input type="hidden" name="id" value={t.id} />
                        <Button variant="secondary" aria-label={`Revoke ${t.name}`}>
                          Revoke
                        </Button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </Table>
          </div>
        </Card>
        <Card title="Signed-in sessions">
          <Table head={['Started', 'Last seen', 'Address', 'Browser', '']}>
            {sessions.map((s) => (
              <tr key={s.id}>
                <td className="px-3 py-2">{formatDateTime(s.created)}</td>
                <td className="px-3 py-2">{formatDateTime(s.lastSeen)}</td>
                <td className="px-3 py-2">{s.ipAddress ?? '—'}</td>
                <td className="max-w-xs truncate px-3 py-2" title={s.userAgent ?? ''}>
                  {s.userAgent ?? '—'}
                </td>
                <td className="px-3 py-2 text-right">
                  {s.id === ctx.actor.sessionId ? (
                    <Badge tone="green">this session</Badge>
                  ) : (
                    <form action={endSessionAction}>
                      <input type="hidden" name="id" value={s.id} />
                      <Button variant="secondary">End</Button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        </Card>
      </div>
    </>
  );
}
