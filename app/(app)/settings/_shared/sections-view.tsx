import Form from 'next/form';
import { Button, Card, LinkButton } from '@/components/ui';
import { SettingsForm, SettingsTable } from './settings-form';
import type { SettingsFormState, SettingView } from './types';

/** The search box of a settings page: a plain GET form on `?search=`. */
export function SettingsSearch({ path, search }: { path: string; search: string }) {
  return (
    <Form
      action={path}
      className="mb-6 flex flex-wrap items-end gap-2"
      role="search"
      data-testid="settings-search"
    >
      <div className="flex min-w-0 flex-1 flex-col gap-1">
        <label htmlFor="settings-search" className="text-sm font-medium text-slate-700">
          Search settings
        </label>
        <input
          id="settings-search"
          type="search"
          name="search"
          defaultValue={search}
          placeholder="Name, description or key"
          className="rounded-md border border-slate-300 px-3 py-2 text-sm shadow-sm focus:outline-none focus:ring-2 focus:ring-brand-600"
        />
      </div>
      <Button variant="secondary">Search</Button>
      {search ? <LinkButton href={path}>Clear</LinkButton> : null}
    </Form>
  );
}

/** Every section as a card: a form when editable, a read-only list otherwise. */
export function SettingsSections({
  groups,
  action,
  search,
}: {
  groups: { section: string; items: SettingView[] }[];
  /** Absent: read-only. */
  action?: (prev: SettingsFormState, form: FormData) => Promise<SettingsFormState>;
  search: string;
}) {
  if (!groups.length) {
    return (
      <p className="text-sm text-slate-500">
        {search ? `No setting matches “${search}”.` : 'There are no settings to show.'}
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      {groups.map((g) => (
        <Card key={g.section} title={g.section}>
          {action ? (
            <SettingsForm section={g.section} settings={g.items} action={action} />
          ) : (
            <SettingsTable settings={g.items} />
          )}
        </Card>
      ))}
    </div>
  );
}

/** Only what the client form needs of an API setting object. */
export function settingView(s: SettingView): SettingView {
  return {
    key: s.key,
    name: s.name,
    description: s.description,
    type: s.type,
    units: s.units,
    value: s.value,
    choices: s.choices,
  };
}
