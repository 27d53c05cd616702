import { env } from '@/env';
import type { Principal } from './context';

export const API_VERSION = 534;
export const SERVER_VERSION = '1.5.2';

/**
 * `GET /api/`: InvenTree's server information, in its key order. Staff-only keys are null for
 * everyone else. Worker figures come from the job queue once it exists (Platform II).
 */
export async function serverInfo(who: Principal | null) {
  const staff = Boolean(who && (who.isStaff || who.isSuperuser));
  return {
    server: 'InvenTree',
    id: null,
    version: SERVER_VERSION,
    instance: env.INSTANCE_NAME,
    apiVersion: API_VERSION,
    worker_running: false,
    worker_count: 0,
    worker_pending_tasks: 0,
    plugins_enabled: false,
    plugins_install_disabled: true,
    email_configured: false,
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
    platform: staff ? `${process.platform} ${process.arch} node ${process.versions.node}` : null,
    installer: null,
    target: null,
    django_admin: null,
    settings: { sso_registration: false, registration_enabled: false, password_forgotten_enabled: false },
  };
}
