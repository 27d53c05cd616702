import type { Metadata } from 'next';
import { LinkButton, PageHeader } from '@/components/ui';
import { allowed } from '@/lib/http/access';
import { requirePage } from '@/lib/page-auth';
import {
  GLOBAL_SECTIONS,
  getGlobalSetting,
  globalSection,
  groupBySection,
  isHiddenSetting,
  listGlobalSettings,
  settingMatches,
} from '@/server/settings';
import { saveSystemSettingsAction } from '../_shared/actions';
import { SettingsSearch, SettingsSections, settingView } from '../_shared/sections-view';

export const metadata: Metadata = { title: 'System settings' };

export default async function SystemSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('user', '/settings/system');
  const sp = await searchParams;
  const raw = Array.isArray(sp.search) ? sp.search[0] : sp.search;
  const search = raw?.trim() ?? '';
  const canEdit = allowed(ctx.actor, 'staff', 'PUT');

  const [list, restart] = await Promise.all([
    listGlobalSettings(ctx, { search_regex: false, search_whole: false }, new URL('http://local/')),
    getGlobalSetting('SERVER_RESTART_REQUIRED'),
  ]);
  const rows = (Array.isArray(list) ? list : list.results)
    .filter((s) => !isHiddenSetting(s.key))
    .filter((s) => !search || settingMatches(s, search))
    .map(settingView);

  return (
    <>
      <PageHeader title="System settings">
        <LinkButton href="/settings/user">My settings</LinkButton>
      </PageHeader>
      {restart ? (
        <p
          className="mb-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900"
          role="status"
        >
          A setting has been changed which requires a server restart.
        </p>
      ) : null}
      {canEdit ? null : (
        <p className="mb-4 text-sm text-slate-600" data-testid="settings-read-only">
          Only staff can change system settings.
        </p>
      )}
      <SettingsSearch path="/settings/system" search={search} />
      <SettingsSections
        groups={groupBySection(rows, GLOBAL_SECTIONS, globalSection)}
        action={canEdit ? saveSystemSettingsAction : undefined}
        search={search}
      />
    </>
  );
}
