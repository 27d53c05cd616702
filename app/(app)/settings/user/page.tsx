import type { Metadata } from 'next';
import { LinkButton, PageHeader } from '@/components/ui';
import { requirePage } from '@/lib/page-auth';
import {
  groupBySection,
  listUserSettings,
  settingMatches,
  USER_SECTIONS,
  userSection,
} from '@/server/settings';
import { saveUserSettingsAction } from '../_shared/actions';
import { SettingsSearch, SettingsSections, settingView } from '../_shared/sections-view';

export const metadata: Metadata = { title: 'My settings' };

export default async function UserSettingsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePage('user', '/settings/user');
  const sp = await searchParams;
  const raw = Array.isArray(sp.search) ? sp.search[0] : sp.search;
  const search = raw?.trim() ?? '';

  const list = await listUserSettings(
    ctx,
    { search_regex: false, search_whole: false },
    new URL('http://local/'),
  );
  const rows = (Array.isArray(list) ? list : list.results)
    .filter((s) => !search || settingMatches(s, search))
    .map(settingView);

  return (
    <>
      <PageHeader title="My settings">
        <LinkButton href="/settings/account">Account &amp; API tokens</LinkButton>
        <LinkButton href="/settings/system">System settings</LinkButton>
      </PageHeader>
      <SettingsSearch path="/settings/user" search={search} />
      <SettingsSections
        groups={groupBySection(rows, USER_SECTIONS, userSection)}
        action={saveUserSettingsAction}
        search={search}
      />
    </>
  );
}
