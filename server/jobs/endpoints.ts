import { endpoint, method } from '@/lib/http/endpoint';
import { listQuery } from '@/lib/http/list';
import { z } from '@/lib/zod';
import * as tasks from './tasks';

const Task = z.object({
  pk: z.string(),
  task_id: z.string(),
  name: z.string(),
  func: z.string(),
  args: z.string(),
  kwargs: z.string(),
  state: z.string(),
  started: z.string().nullable(),
  stopped: z.string().nullable(),
  attempt_count: z.number().int(),
  result: z.string().nullable(),
});
const TaskQuery = listQuery.extend({ name: z.string().optional() });
const Ids = z.object({ items: z.array(z.string().uuid()).optional() });

export const taskOverview = endpoint({
  path: '/api/background-task/',
  name: 'Background Task Overview',
  description: 'Worker state and task counts (InvenTree TaskOverview).',
  tag: 'background-task',
  GET: method({
    access: 'staff',
    response: z.object({
      is_running: z.boolean(),
      pending_tasks: z.number(),
      scheduled_tasks: z.number(),
      failed_tasks: z.number(),
    }),
    handler: ({ ctx }) => tasks.taskOverview(ctx),
  }),
});

export const pendingTasks = endpoint({
  path: '/api/background-task/pending/',
  name: 'Pending Task List',
  tag: 'background-task',
  GET: method({
    access: 'staff',
    query: TaskQuery,
    response: z.array(Task),
    handler: ({ ctx, query, url }) => tasks.listTasks(ctx, 'pending', query, url),
  }),
  DELETE: method({
    access: 'staff',
    body: Ids,
    status: 200,
    handler: ({ ctx, body }) => tasks.deleteTasks(ctx, 'pending', body.items),
  }),
});

export const activeTasks = endpoint({
  path: '/api/background-task/active/',
  name: 'Active Task List',
  description: 'Our extension: tasks a worker is running now.',
  tag: 'background-task',
  GET: method({
    access: 'staff',
    query: TaskQuery,
    response: z.array(Task),
    handler: ({ ctx, query, url }) => tasks.listTasks(ctx, 'active', query, url),
  }),
});

export const scheduledTasks = endpoint({
  path: '/api/background-task/scheduled/',
  name: 'Scheduled Task List',
  tag: 'background-task',
  GET: method({ access: 'staff', handler: ({ ctx }) => tasks.listScheduled(ctx) }),
});

export const failedTasks = endpoint({
  path: '/api/background-task/failed/',
  name: 'Failed Task List',
  tag: 'background-task',
  GET: method({
    access: 'staff',
    query: TaskQuery,
    response: z.array(Task),
    handler: ({ ctx, query, url }) => tasks.listTasks(ctx, 'failed', query, url),
  }),
  DELETE: method({
    access: 'staff',
    body: Ids,
    status: 200,
    handler: ({ ctx, body }) => tasks.deleteTasks(ctx, 'failed', body.items),
  }),
});

export const retryTasks = endpoint({
  path: '/api/background-task/failed/retry/',
  name: 'Retry Failed Tasks',
  description: 'Our extension: put failed tasks back in their queue.',
  tag: 'background-task',
  POST: method({
    access: 'staff',
    body: Ids.required(),
    status: 200,
    handler: ({ ctx, body }) => tasks.retryTasks(ctx, body.items),
  }),
});

export const probeTask = endpoint({
  path: '/api/background-task/probe/',
  name: 'Probe Task',
  description: 'Our extension: enqueue a diagnostic job; poll its task detail to see a worker run it.',
  tag: 'background-task',
  POST: method({
    access: 'staff',
    body: z.object({ key: z.string().min(1).max(100).optional() }),
    handler: ({ ctx, body }) => tasks.enqueueProbe(ctx, body.key),
  }),
});

export const taskDetail = endpoint({
  path: '/api/background-task/{task_id}/',
  name: 'Task Detail',
  tag: 'background-task',
  GET: method({
    access: 'staff',
    params: z.object({ task_id: z.string() }),
    handler: ({ ctx, params }) => tasks.getTask(ctx, params.task_id),
  }),
});
