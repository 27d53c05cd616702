import { endpoint, method } from '@/lib/http/endpoint';
import { listQuery } from '@/lib/http/list';
import { int, isoDate, z } from '@/lib/zod';
import { listAudit } from './audit';

export const auditList = endpoint({
  path: '/api/audit/',
  name: 'Audit Log',
  description:
    'Our extension: every recorded change (who, when, which object, fields before → after). Staff only.',
  tag: 'audit',
  GET: method({
    access: 'staff',
    query: listQuery.extend({
      model: z.string().max(64).optional(),
      object_id: z.string().max(64).optional(),
      user: int().optional(),
      action: z.enum(['create', 'update', 'delete']).optional(),
      after: isoDate().optional(),
      before: isoDate().optional(),
    }),
    handler: ({ ctx, query, url }) => listAudit(ctx, query, url),
  }),
});
