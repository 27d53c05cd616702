import { and, eq, isNull, ne } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import { z } from 'zod';
import type { Tx } from '@/db/client';
import { notifications, users } from '@/db/schema';
import { anyOf } from '@/db/sql';

const EmailConfig = z.object({
  EMAIL_HOST: z.string().min(1),
  EMAIL_PORT: z.coerce.number().int().default(25),
  EMAIL_USERNAME: z.string().optional(),
  EMAIL_PASSWORD: z.string().optional(),
  EMAIL_SENDER: z.string().default('inventree@localhost'),
  EMAIL_TLS: z.enum(['true', 'false', '']).optional(),
  EMAIL_SSL: z.enum(['true', 'false', '']).optional(),
});

/** SMTP settings from the environment (read when used, so tests and restarts see changes); null when not configured. */
export function emailConfig() {
  const parsed = EmailConfig.safeParse(process.env);
  return parsed.success ? parsed.data : null;
}

export const emailConfigured = () => emailConfig() !== null;

/**
 * Sends the e-mail copy of the given notifications to users with an address, then marks them
 * `emailed_at`. Already-marked rows are skipped, so a retried job does not send twice (a crash
 * between sending and marking can still repeat one message: SMTP is at-least-once).
 */
export async function sendNotificationEmails(db: Tx, ids: number[]): Promise<number> {
  const cfg = emailConfig();
  if (!cfg) return 0;
  const rows = await db
    .select({
      id: notifications.id,
      name: notifications.name,
      message: notifications.message,
      link: notifications.link,
      email: users.email,
    })
    .from(notifications)
    .innerJoin(users, eq(users.id, notifications.userId))
    .where(and(anyOf(notifications.id, ids), isNull(notifications.emailedAt), ne(users.email, '')));
  if (!rows.length) return 0;
  const transport = nodemailer.createTransport({
    host: cfg.EMAIL_HOST,
    port: cfg.EMAIL_PORT,
    secure: cfg.EMAIL_SSL === 'true',
    requireTLS: cfg.EMAIL_TLS === 'true',
    ignoreTLS: cfg.EMAIL_TLS !== 'true' && cfg.EMAIL_SSL !== 'true',
    auth: cfg.EMAIL_USERNAME ? { user: cfg.EMAIL_USERNAME, pass: cfg.EMAIL_PASSWORD ?? '' } : undefined,
  });
  try {
    for (const r of rows) {
      await transport.sendMail({
        from: cfg.EMAIL_SENDER,
        to: r.email,
        subject: `[InvenTree] ${r.name}`,
        text: [r.message ?? '', r.link ? `\n${r.link}` : ''].join(''),
      });
      await db.update(notifications).set({ emailedAt: new Date() }).where(eq(notifications.id, r.id));
    }
  } finally {
    transport.close();
  }
  return rows.length;
}
