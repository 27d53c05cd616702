import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { auditLog, groups } from '@/db/schema';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';

describe('audit trail', () => {
  it('records who changed which fields, before → after, and never the password', async () => {
    const admin = await makeUser({ superuser: true });
    const token = await tokenFor(admin);
    const u = await makeUser();
    const r = await api('PATCH', `/api/user/${u.id}/`, {
      token,
      body: { first_name: 'Ada', email: 'ada@example.com' },
    });
    expect(r.status).toBe(200);
    const rows = await db
      .select()
      .from(auditLog)
      .where(
        and(eq(auditLog.model, 'user'), eq(auditLog.objectId, String(u.id)), eq(auditLog.action, 'update')),
      );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.userId).toBe(admin.id);
    expect(rows[0]!.changes).toEqual({ first_name: ['', 'Ada'], email: ['', 'ada@example.com'] });
    await api('PUT', `/api/user/${u.id}/set-password/`, { token, body: { password: 'a-new-password-1' } });
    const all = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.model, 'user'), eq(auditLog.objectId, String(u.id))));
    expect(JSON.stringify(all)).not.toContain('argon2');
    expect(JSON.stringify(all)).not.toContain('password');
  });

  it('writes nothing for a change that rolls back', async () => {
    const name = unique('rollback');
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(groups).values({ name });
        throw new Error('roll back');
      }),
    ).rejects.toThrow();
    const rows = await db.select().from(auditLog).where(eq(auditLog.model, 'group'));
    expect(rows.some((r) => JSON.stringify(r.changes).includes(name))).toBe(false);
  });

  it('serves /api/audit/ to staff with filters by model, object, user and date', async () => {
    const admin = await makeUser({ superuser: true });
    const token = await tokenFor(admin);
    const g = await api('POST', '/api/user/group/', { token, body: { name: unique('audited') } });
    await api('PATCH', `/api/user/group/${g.body.pk}/`, { token, body: { name: unique('renamed') } });
    const today = new Date().toISOString().slice(0, 10);
    const list = await api(
      'GET',
      `/api/audit/?model=group&object_id=${g.body.pk}&user=${admin.id}&after=${today}&limit=10`,
      { token },
    );
    expect(list.status).toBe(200);
    expect(list.body.results.map((e: { action: string }) => e.action)).toEqual(['update', 'create']);
    expect(list.body.results[0].user_detail.username).toBe(admin.username);
    const none = await api('GET', `/api/audit/?model=group&object_id=${g.body.pk}&before=2000-01-01`, {
      token,
    });
    expect(none.body).toEqual([]);
    const reader = await tokenFor(await makeUser({ roles: { admin: ['view'] } }));
    expect((await api('GET', '/api/audit/', { token: reader })).status).toBe(403);
  });
});
