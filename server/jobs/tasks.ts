import { sql } from 'drizzle-orm';
import { BOSS_SCHEMA, clientBoss } from '@/jobs/boss';
import { probe } from '@/jobs/definitions';
import { enqueue } from '@/jobs/enqueue';
import { notFound } from '@/lib/errors';
import { type ListQuery, paginate } from '@/lib/http/list';
import { formatDateTime } from '@/lib/http/respond';
import type { Ctx } from '../context';
import { assertCan } from '../permissions';
import { workerStatus } from './status';

const job = sql`${sql.identifier(BOSS_SCHEMA)}.job`;
const schedule = sql`${sql.identifier(BOSS_SCHEMA)}.schedule`;

export type TaskState = 'pending' | 'active' | 'failed' | 'completed';
const STATES: Record<TaskState, string[]> = {
  pending: ['created', 'retry'],
  active: ['active'],
  failed: ['failed'],
  completed: ['completed', 'cancelled'],
};

type JobRow = {
  id: string;
  name: string;
  data: Record<string, unknown> | null;
  state: string;
  retry_count: number;
  retry_limit: number;
  created_on: string;
  started_on: string | null;
  completed_on: string | null;
  start_after: string;
  output: unknown;
  source_name: string | null;
};

const args = (data: Record<string, unknown> | null) => {
  const { _job, ...rest } = data ?? {};
  return JSON.stringify(rest);
};

/** One job in InvenTree's task shapes (pending and failed tasks share the keys clients read). */
function taskOut(r: JobRow) {
  return {
    pk: r.id,
    task_id: r.id,
    key: r.source_name ?? r.name,
    name: r.name,
    func: r.name,
    args: args(r.data),
    kwargs: '{}',
    state: r.state,
    lock: r.started_on ? formatDateTime(r.started_on) : null,
    created: formatDateTime(r.created_on),
    start_after: formatDateTime(r.start_after),
    started: formatDateTime(r.started_on),
    stopped: formatDateTime(r.completed_on),
    attempt_count: r.retry_count + (r.started_on ? 1 : 0),
    retry_limit: r.retry_limit,
    result: r.output === null || r.output === undefined ? null : JSON.stringify(r.output),
    source: r.source_name,
  };
}

export interface TaskQuery extends ListQuery {
  name?: string;
}

/** Jobs in a state, newest first, from pg-boss's job table (staff only). */
export async function listTasks(ctx: Ctx, state: TaskState, q: TaskQuery, url: URL) {
  assertCan(ctx, 'staff');
  const where = sql`state::text in (${sql.join(
    STATES[state].map((s) => sql`${s}`),
    sql`, `,
  )})${q.name ? sql` and name = ${q.name}` : sql``}${
    q.search ? sql` and (name ilike ${`%${q.search}%`} or data::text ilike ${`%${q.search}%`})` : sql``
  }`;
  return paginate(url, q, {
    count: async () => {
      const r = await ctx.db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${job} where ${where}`,
      );
      return r[0]!.n;
    },
    rows: async (limit, offset) => {
      const r = await ctx.db.execute<JobRow>(sql`
        select id, name, data, state::text as state, retry_count, retry_limit, created_on, started_on, completed_on, start_after, output, source_name
        from ${job} where ${where}
        order by coalesce(completed_on, started_on, created_on) desc, id
        ${limit === null ? sql`` : sql`limit ${limit} offset ${offset}`}`);
      return Array.from(r).map(taskOut);
    },
  });
}

export async function getTask(ctx: Ctx, id: string) {
  assertCan(ctx, 'staff');
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('Task');
  const r = await ctx.db.execute<JobRow>(sql`
    select id, name, data, state::text as state, retry_count, retry_limit, created_on, started_on, completed_on, start_after, output, source_name
    from ${job} where id = ${id}::uuid`);
  if (!r[0]) throw notFound('Task');
  return { ...taskOut(r[0]), complete: r[0].state === 'completed', success: r[0].state === 'completed' };
}

/** InvenTree's scheduled tasks: our cron schedules, with their last and next runs. */
export async function listScheduled(ctx: Ctx) {
  assertCan(ctx, 'staff');
  const r = await ctx.db.execute<{
    name: string;
    cron: string;
    timezone: string;
    last_run: string | null;
    last_state: string | null;
  }>(sql`
    select s.name, s.cron, s.timezone, j.created_on as last_run, j.state::text as last_state
    from ${schedule} s left join ${job} j on j.id = s.last_job_id and j.name = s.name
    order by s.name`);
  return Array.from(r).map((s, i) => ({
    pk: i + 1,
    name: s.name,
    func: s.name,
    args: null,
    kwargs: null,
    schedule_type: 'C',
    cron: s.cron,
    repeats: -1,
    last_run: formatDateTime(s.last_run),
    next_run: null,
    success: s.last_state === null ? null : s.last_state === 'completed',
    task: s.name,
  }));
}

export async function taskOverview(ctx: Ctx) {
  assertCan(ctx, 'staff');
  const status = await workerStatus(ctx.db);
  const r = await ctx.db.execute<{ failed: number; scheduled: number }>(sql`
    select (select count(*)::int from ${job} where state = 'failed') as failed,
           (select count(*)::int from ${schedule}) as scheduled`);
  return {
    is_running: status.running,
    worker_count: status.count,
    pending_tasks: status.pending,
    scheduled_tasks: r[0]!.scheduled,
    failed_tasks: r[0]!.failed,
  };
}

async function jobsByIds(ctx: Ctx, state: string[], ids?: string[]) {
  const r = await ctx.db.execute<{ id: string; name: string }>(sql`
    select id, name from ${job}
    where state::text in (${sql.join(
      state.map((s) => sql`${s}`),
      sql`, `,
    )})
    ${
      ids
        ? sql`and id::text in (${sql.join(
            ids.map((i) => sql`${i}`),
            sql`, `,
          )})`
        : sql``
    }`);
  return Array.from(r);
}

/** Puts failed jobs back in their queue. */
export async function retryTasks(ctx: Ctx, ids: string[]) {
  assertCan(ctx, 'staff');
  const boss = await clientBoss();
  const found = await jobsByIds(ctx, ['failed'], ids);
  for (const j of found) await boss.retry(j.name, j.id);
  return { success: `Retried ${found.length} tasks` };
}

/** Deletes failed (or pending) jobs; without ids, all of them. */
export async function deleteTasks(ctx: Ctx, state: 'failed' | 'pending', ids?: string[]) {
  assertCan(ctx, 'staff');
  const boss = await clientBoss();
  const found = await jobsByIds(ctx, STATES[state], ids);
  const byName = new Map<string, string[]>();
  for (const j of found) byName.set(j.name, [...(byName.get(j.name) ?? []), j.id]);
  for (const [name, list] of byName) await boss.deleteJob(name, list);
  return { success: `Deleted ${found.length} tasks` };
}

/**
 * `POST /api/background-task/probe/` (our extension, staff): enqueues the diagnostic job, whose
 * completion (`GET /api/background-task/{task_id}/` → `complete`) proves a worker is draining the queue.
 */
export async function enqueueProbe(ctx: Ctx, key?: string) {
  assertCan(ctx, 'staff');
  const k = key ?? `probe-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const id = await enqueue(ctx.db, probe, { key: k });
  return { task_id: id, key: k };
}
