import { z } from 'zod';

/**
 * The one validated configuration, shared by the web app, the worker and the scripts.
 * Every variable is documented in `.env.example`; a fresh clone runs with none set.
 */
const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** PostgreSQL URL. Unset: scripts/serve.ts starts an embedded PostgreSQL and sets it for its children. */
  DATABASE_URL: z.string().url().optional(),
  /** Integration tests: a server to create throw-away databases on (falls back to DATABASE_URL, then embedded). */
  TEST_DATABASE_URL: z.string().url().optional(),
  /** Connections in each process's PostgreSQL pool. */
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** Redis URL for the shared cache. Unset: an in-process cache. */
  REDIS_URL: z.string().url().optional(),
  /** Where the embedded PostgreSQL and uploaded media live. */
  DATA_DIR: z.string().default('.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Uploaded files (attachments, images). Unset: `<DATA_DIR>/media`. */
  MEDIA_ROOT: z.string().optional(),
  /** Largest accepted upload, in megabytes (attachments); larger files are a 400. */
  MAX_UPLOAD_MB: z.coerce.number().positive().default(100),
  /** Secret that signs session cookies (Auth.js). Generated into .data/secret when unset. */
  AUTH_SECRET: z.string().min(16).optional(),
  /** Public origin of the site, e.g. https://inventory.example.com (set behind a proxy). */
  AUTH_URL: z.string().url().optional(),
  PORT: z.coerce.number().int().default(3000),
  /** Number of `next start` processes scripts/serve.ts runs (each on PORT, PORT+1, ...). */
  WEB_PROCESSES: z.coerce.number().int().min(1).max(16).default(1),
  /** Run the pg-boss worker alongside the web process(es) in scripts/serve.ts. */
  START_WORKER: flag.default(true),
  /** Failed sign-ins (per user name and per client address) allowed in LOGIN_LOCKOUT_MINUTES. */
  LOGIN_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  /** InvenTree's instance name, shown in /api/ and the page title. */
  INSTANCE_NAME: z.string().default('InvenTree'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  /** Outgoing e-mail (notification copies). Unset EMAIL_HOST: no e-mail. Read when sending (server/notifications/email.ts). */
  EMAIL_HOST: z.string().optional(),
  EMAIL_PORT: z.coerce.number().int().optional(),
  EMAIL_USERNAME: z.string().optional(),
  EMAIL_PASSWORD: z.string().optional(),
  EMAIL_SENDER: z.string().optional(),
  EMAIL_TLS: z.enum(['true', 'false', '']).optional(),
  EMAIL_SSL: z.enum(['true', 'false', '']).optional(),
});

export type Env = z.infer<typeof schema>;

function load(): Env {
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export const env: Env = load();
