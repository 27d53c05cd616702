import { and, asc, eq, sql } from 'drizzle-orm';
import { groups, owners, users } from '@/db/schema';
import { notFound } from '@/lib/errors';
import { type ListQuery, paginate, searchTerms } from '@/lib/http/list';
import type { Ctx } from '../context';

const ownerName = sql<string>`coalesce(${users.username}, ${groups.name}, '')`;

const ownerSelect = {
  pk: owners.id,
  owner_id: owners.ownerId,
  owner_model: owners.ownerType,
  name: ownerName,
  label: owners.ownerType,
};

function base(ctx: Ctx) {
  return ctx.db
    .select(ownerSelect)
    .from(owners)
    .leftJoin(users, and(eq(owners.ownerType, 'user'), eq(users.id, owners.ownerId)))
    .leftJoin(groups, and(eq(owners.ownerType, 'group'), eq(groups.id, owners.ownerId)));
}

/** `/api/user/owner/`: every term of `search` must occur in the owner's name (InvenTree's rule). */
export async function listOwners(ctx: Ctx, q: ListQuery & { is_active?: boolean }, url: URL) {
  const terms = searchTerms(q.search);
  const where = and(
    ...terms.map((t) => sql`${ownerName} ilike ${`%${t}%`}`),
    q.is_active === undefined
      ? undefined
      : sql`(${owners.ownerType} = 'group' or ${users.isActive} = ${q.is_active})`,
  );
  return paginate(url, q, {
    count: async () => {
      const [r] = await ctx.db
        .select({ n: sql<number>`count(*)::int` })
        .from(owners)
        .leftJoin(users, and(eq(owners.ownerType, 'user'), eq(users.id, owners.ownerId)))
        .leftJoin(groups, and(eq(owners.ownerType, 'group'), eq(groups.id, owners.ownerId)))
        .where(where);
      return r!.n;
    },
    rows: async (limit, offset) => {
      const query = base(ctx).where(where).orderBy(asc(owners.id));
      return limit === null ? query : query.limit(limit).offset(offset);
    },
  });
}

export async function getOwner(ctx: Ctx, id: number) {
  const [row] = await base(ctx).where(eq(owners.id, id));
  if (!row) throw notFound('Owner');
  return row;
}
