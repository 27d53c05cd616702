import { env } from '@/env';
import { cacheKind } from '@/lib/cache';
import type { Ctx } from './context';
import { workerStatus } from './jobs/status';
import { emailConfigured } from './notifications/email';

export const API_VERSION = 534;
export const SERVER_VERSION = '1.5.2';

/**
 * `GET /api/`: InvenTree's server information, in its key order. Staff-only keys are null for
 * everyone else. Worker figures come from the heartbeats and pg-boss's job table.
 */
export async function serverInfo(ctx: Ctx) {
  const who = ctx.actor.userId ? ctx.actor : null;
  const staff = Boolean(who && (who.isStaff || who.isSuperuser));
  const worker = await workerStatus(ctx.db);
  return {
    server: 'InvenTree',
    id: null,
    version: SERVER_VERSION,
    instance: env.INSTANCE_NAME,
    apiVersion: API_VERSION,
    worker_running: worker.running,
    worker_count: worker.count,
    worker_pending_tasks: worker.pending,
    plugins_enabled: false,
    plugins_install_disabled: true,
    email_configured: emailConfigured(),
    debug_mode: env.NODE_ENV !== 'production',
    docker_mode: false,
    default_locale: 'en-us',
    customize: {
      logo: null,
      splash: null,
      login_message: null,
      navbar_message: null,
      disable_theme_storage: false,
    },
    active_plugins: staff ? [] : null,
    system_health: staff ? true : null,
    database: staff ? 'postgresql' : null,
    platform: staff
      ? `${process.platform} ${process.arch} node ${process.versions.node} cache ${cacheKind()}`
      : null,
    installer: null,
    target: null,
    django_admin: null,
    settings: { sso_registration: false, registration_enabled: false, password_forgotten_enabled: false },
  };
}
