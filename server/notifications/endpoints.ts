import { endpoint, method } from '@/lib/http/endpoint';
import { listQuery } from '@/lib/http/list';
import { bool, int, queryFlag, z } from '@/lib/zod';
import * as n from './notifications';

const idParams = z.object({ id: int() });
const Notification = z.object({
  pk: z.number().int(),
  target: z.record(z.string(), z.unknown()),
  source: z.record(z.string(), z.unknown()),
  user: z.number().int(),
  category: z.string(),
  name: z.string(),
  message: z.string().nullable(),
  creation: z.string(),
  age: z.number().int(),
  age_human: z.string(),
  read: z.boolean(),
});
const ReadBody = z.object({ read: bool().meta({ title: 'Read' }) });
const readWrite = method({
  access: 'user',
  params: idParams,
  body: ReadBody.partial(),
  response: Notification,
  handler: async ({ ctx, params, body }) =>
    body.read === undefined
      ? n.getNotification(ctx, params.id)
      : n.setNotificationRead(ctx, params.id, body.read),
});

export const notificationList = endpoint({
  path: '/api/notifications/',
  name: 'Notification List',
  model: 'notificationmessage',
  tag: 'notifications',
  GET: method({
    access: 'user',
    query: listQuery.extend({ read: queryFlag(), category: z.string().optional() }),
    response: z.array(Notification),
    handler: ({ ctx, query, url }) => n.listNotifications(ctx, query, url),
  }),
  DELETE: method({
    access: 'user',
    body: z.object({ items: z.array(int()).optional() }),
    status: 200,
    handler: ({ ctx, body }) => n.bulkDeleteNotifications(ctx, body.items),
  }),
});

export const notificationDetail = endpoint({
  path: '/api/notifications/{id}/',
  name: 'Notification Detail',
  model: 'notificationmessage',
  tag: 'notifications',
  GET: method({
    access: 'user',
    params: idParams,
    response: Notification,
    handler: ({ ctx, params }) => n.getNotification(ctx, params.id),
  }),
  PUT: readWrite,
  PATCH: readWrite,
  DELETE: method({
    access: 'user',
    params: idParams,
    handler: ({ ctx, params }) => n.deleteNotification(ctx, params.id),
  }),
});

export const notificationReadAll = endpoint({
  path: '/api/notifications/readall/',
  name: 'Notification Read All',
  tag: 'notifications',
  POST: method({ access: 'user', status: 200, handler: ({ ctx }) => n.markAllRead(ctx) }),
});
