import type { Metadata } from 'next';
import Link from 'next/link';
import { Badge, Button, Card, PageHeader, Table } from '@/components/ui';
import { formatDateTime } from '@/lib/http/respond';
import { requirePage } from '@/lib/page-auth';
import { listScheduled, listTasks, liveWorkers, taskOverview } from '@/server/jobs';
import { deleteTaskAction, retryAllAction, retryTaskAction } from './actions';

export const metadata: Metadata = { title: 'Background tasks' };

const TABS = ['pending', 'active', 'failed', 'completed', 'scheduled'] as const;
type Tab = (typeof TABS)[number];

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<{ state?: string; offset?: string }>;
}) {
  const ctx = await requirePage('staff', '/admin/tasks');
  const sp = await searchParams;
  const tab: Tab = (TABS as readonly string[]).includes(sp.state ?? '') ? (sp.state as Tab) : 'pending';
  const offset = sp.offset && /^\d+$/.test(sp.offset) ? sp.offset : '0';
  const [overview, workers] = await Promise.all([taskOverview(ctx), liveWorkers(ctx.db)]);
  const page =
    tab === 'scheduled'
      ? null
      : await listTasks(
          ctx,
          tab,
          { limit: '50', offset },
          new URL(`http://local/admin/tasks?state=${tab}&offset=${offset}`),
        );
  const scheduled = tab === 'scheduled' ? await listScheduled(ctx) : [];
  const rows = page && !Array.isArray(page) ? page.results : [];
  const count = page && !Array.isArray(page) ? page.count : scheduled.length;
  return (
    <>
      <PageHeader title="Background tasks" />
      <div className="mb-4 grid gap-4 sm:grid-cols-4">
        <Card title="Workers">
          <p className="text-2xl font-semibold" data-testid="worker-count">
            {overview.worker_count}
          </p>
          {overview.is_running ? <Badge tone="green">running</Badge> : <Badge tone="red">not running</Badge>}
        </Card>
        <Card title="Pending">
          <p className="text-2xl font-semibold">{overview.pending_tasks}</p>
        </Card>
        <Card title="Failed">
          <p className="text-2xl font-semibold">{overview.failed_tasks}</p>
        </Card>
        <Card title="Scheduled">
          <p className="text-2xl font-semibold">{overview.scheduled_tasks}</p>
        </Card>
      </div>
      <nav className="mb-3 flex flex-wrap gap-2 text-sm" aria-label="Task states">
        {TABS.map((t) => (
          <Link
            key={t}
            href={`/admin/tasks?state=${t}`}
            className={`rounded px-3 py-1 ${t === tab ? 'bg-slate-800 text-white' : 'bg-white text-slate-700 ring-1 ring-slate-200'}`}
          >
            {t}
          </Link>
        ))}
      </nav>
      <Card>
        {tab === 'failed' && rows.length ? (
          <form action={retryAllAction} className="mb-3">
            <Button variant="secondary">Retry all failed</Button>
          </form>
        ) : null}
        {tab === 'scheduled' ? (
          <Table head={['Task', 'Schedule (UTC)', 'Last run', 'Last result']}>
            {scheduled.map((s) => (
              <tr key={s.name}>
                <td className="px-3 py-2 font-mono text-xs">{s.name}</td>
                <td className="px-3 py-2 font-mono text-xs">{s.cron}</td>
                <td className="px-3 py-2">{s.last_run ?? '—'}</td>
                <td className="px-3 py-2">
                  {s.success === null ? (
                    '—'
                  ) : s.success ? (
                    <Badge tone="green">ok</Badge>
                  ) : (
                    <Badge tone="amber">not ok</Badge>
                  )}
                </td>
              </tr>
            ))}
          </Table>
        ) : (
          <Table head={['Task', 'Arguments', 'Created', 'Started', 'Finished', 'Attempts', 'Result', '']}>
            {rows.map((r) => (
              <tr key={r.task_id} data-testid="task-row">
                <td className="px-3 py-2 font-mono text-xs">{r.name}</td>
                <td className="max-w-xs truncate px-3 py-2 font-mono text-xs" title={r.args}>
                  {r.args}
                </td>
                <td className="px-3 py-2">{r.created}</td>
                <td className="px-3 py-2">{r.started ?? '—'}</td>
                <td className="px-3 py-2">{r.stopped ?? '—'}</td>
                <td className="px-3 py-2">
                  {r.attempt_count}/{r.retry_limit + 1}
                </td>
                <td className="max-w-xs truncate px-3 py-2 text-xs" title={r.result ?? ''}>
                  {r.result ?? '—'}
                </td>
                <td className="px-3 py-2">
                  {tab === 'failed' ? (
                    <div className="flex gap-2">
                      <form action={retryTaskAction}>
                        <input type="hidden" name="id" value={r.task_id} />
                        <Button variant="secondary">Retry</Button>
                      </form>
                      <form action={deleteTaskAction}>
                        <input type="hidden" name="id" value={r.task_id} />
                        <Button variant="danger">Delete</Button>
                      </form>
                    </div>
                  ) : null}
                </td>
              </tr>
            ))}
          </Table>
        )}
        <p className="mt-3 text-xs text-slate-500">
          {count} {tab} task{count === 1 ? '' : 's'}
          {page && !Array.isArray(page) && page.next ? (
            <>
              {' · '}
              <Link className="underline" href={`/admin/tasks?state=${tab}&offset=${Number(offset) + 50}`}>
                next page
              </Link>
            </>
          ) : null}
        </p>
      </Card>
      <Card title="Live workers" className="mt-4">
        <Table head={['Worker', 'Host', 'PID', 'Started', 'Last heartbeat']}>
          {workers.map((w) => (
            <tr key={w.id}>
              <td className="px-3 py-2 font-mono text-xs">{w.id}</td>
              <td className="px-3 py-2">{w.hostname}</td>
              <td className="px-3 py-2">{w.pid}</td>
              <td className="px-3 py-2">{formatDateTime(w.started)}</td>
              <td className="px-3 py-2">{formatDateTime(w.lastSeen)}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
