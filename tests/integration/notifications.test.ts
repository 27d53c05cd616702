import { eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db/client';
import { notifications, users } from '@/db/schema';
import { BOSS_SCHEMA, closeClientBoss } from '@/jobs/boss';
import { systemCtx } from '@/server/context';
import { notifyUsers, sendNotificationEmails } from '@/server/notifications';
import { api } from '../api';
import { makeUser, tokenFor, unique } from '../factories';
import { eventually, startWorker } from '../processes';

/**
 * The SMTP peer is outside the system (a mail relay), so the test runs a real SMTP server of its
 * own (the `smtp-server` package) on a free local port and checks what arrives there.
 */
function startSmtp() {
  const received: { to: string[]; body: string }[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let body = '';
      stream.on('data', (d) => {
        body += d;
      });
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), body });
        callback();
      });
    },
  });
  return new Promise<{ port: number; received: typeof received; close: () => Promise<void> }>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.server.address() as { port: number }).port;
      resolve({ port, received, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

const jobsFor = async (ids: number[]) =>
  Array.from(
    await db.execute<{ id: string }>(
      sql`select id from ${sql.identifier(BOSS_SCHEMA)}.job where name = 'notifications.email' and data->'notificationIds' @> ${JSON.stringify(ids)}::jsonb`,
    ),
  );

describe('notifications', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  beforeAll(async () => {
    smtp = await startSmtp();
  });
  afterAll(async () => {
    delete process.env.EMAIL_HOST;
    delete process.env.EMAIL_PORT;
    await smtp.close();
    await closeClientBoss();
  });

  it('lists only your own notifications; read, read-all and delete work', async () => {
    const a = await makeUser();
    const b = await makeUser();
    await notifyUsers(systemCtx(), {
      userIds: [a.id, b.id],
      category: 'test',
      name: 'Hello',
      message: 'first',
    });
    await notifyUsers(systemCtx(), { userIds: [a.id], category: 'test', name: 'Second' });
    const ta = await tokenFor(a);
    const mine = await api('GET', '/api/notifications/?read=false', { token: ta });
    expect(mine.body.map((n: { name: string }) => n.name).sort()).toEqual(['Hello', 'Second']);
    expect(mine.body[0]).toMatchObject({ user: a.id, read: false, category: 'test' });
    const tb = await tokenFor(b);
    expect((await api('GET', `/api/notifications/${mine.body[0].pk}/`, { token: tb })).status).toBe(404);
    const r = await api('PATCH', `/api/notifications/${mine.body[0].pk}/`, {
      token: ta,
      body: { read: true },
    });
    expect(r.body.read).toBe(true);
    expect((await api('GET', '/api/notifications/?read=false', { token: ta })).body).toHaveLength(1);
    const all = await api('POST', '/api/notifications/readall/', { token: ta });
    expect(all.status).toBe(200);
    expect((await api('GET', '/api/notifications/?read=false', { token: ta })).body).toHaveLength(0);
    const del = await api('DELETE', '/api/notifications/', {
      token: ta,
      body: { items: mine.body.map((n: { pk: number }) => n.pk) },
    });
    expect(del.body).toEqual({ success: 'Deleted 2 items' });
    expect((await api('GET', '/api/notifications/', { token: tb })).body).toHaveLength(1);
  });

  it('queues no e-mail job when SMTP is not configured', async () => {
    delete process.env.EMAIL_HOST;
    const u = await makeUser();
    const ids = await notifyUsers(systemCtx(), { userIds: [u.id], category: 'test', name: 'No mail' });
    expect(await jobsFor(ids)).toHaveLength(0);
  });

  it('with SMTP configured, the worker e-mails the notification exactly once', async () => {
    process.env.EMAIL_HOST = '127.0.0.1';
    process.env.EMAIL_PORT = String(smtp.port);
    const u = await makeUser();
    const address = `${unique('u')}@example.com`;
    await db.update(users).set({ email: address }).where(eq(users.id, u.id));
    const ids = await notifyUsers(systemCtx(), {
      userIds: [u.id],
      category: 'stock.low',
      name: 'Low stock: M3 bolts',
      message: '12 left',
    });
    expect(await jobsFor(ids)).toHaveLength(1);
    const worker = await startWorker({ EMAIL_HOST: '127.0.0.1', EMAIL_PORT: String(smtp.port) });
    try {
      const mail = await eventually(async () => smtp.received.find((m) => m.to.includes(address)), 20_000);
      expect(mail!.body).toContain('Low stock: M3 bolts');
      expect(mail!.body).toContain('12 left');
      const [row] = await db.select().from(notifications).where(eq(notifications.id, ids[0]!));
      expect(row!.emailedAt).not.toBeNull();
    } finally {
      await worker.stop();
    }
    // Running the job's effect again (a retry) sends nothing more.
    expect(await sendNotificationEmails(db, ids)).toBe(0);
    expect(smtp.received.filter((m) => m.to.includes(address))).toHaveLength(1);
  }, 60_000);

  it('a rolled-back notification leaves neither a row nor a job', async () => {
    process.env.EMAIL_HOST = '127.0.0.1';
    const u = await makeUser();
    let ids: number[] = [];
    await expect(
      db.transaction(async (tx) => {
        ids = await notifyUsers(
          { ...systemCtx(), db: tx, inTransaction: true },
          { userIds: [u.id], category: 't', name: 'gone' },
        );
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(ids).toHaveLength(1);
    expect(await db.select().from(notifications).where(eq(notifications.userId, u.id))).toHaveLength(0);
    expect(await jobsFor(ids)).toHaveLength(0);
  });
});
