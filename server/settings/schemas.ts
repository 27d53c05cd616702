import { listQuery } from '@/lib/http/list';
import { z } from '@/lib/zod';

/** Zod schemas of the settings API: path, query, bodies and (for the docs) responses. */
/** Any key is accepted here: unknown ones are 404 `{"detail": "Not found."}` from the verb. */
export const keyParams = z.object({ key: z.string() });

export const SettingsQuery = listQuery;

const value = z
  .union([z.string(), z.number(), z.boolean()])
  .nullable()
  .meta({ description: 'Native JSON for typed settings (true, 30), text otherwise' });

/** PUT needs `value`; any JSON scalar is accepted and checked against the setting's definition. */
export const SettingPutBody = z.object({ value: z.unknown().meta({ title: 'Value' }) });
export const SettingPatchBody = z.object({ value: z.unknown().optional().meta({ title: 'Value' }) });

const choice = z.object({ value: z.string(), display_name: z.string() });
const readOnly = { readOnly: true };

const settingFields = {
  pk: z
    .number()
    .int()
    .meta({ title: 'ID', ...readOnly }),
  key: z.string().meta(readOnly),
  value,
  name: z.string().meta(readOnly),
  description: z.string().meta(readOnly),
  type: z.enum(['boolean', 'integer', 'string', 'related field']).meta(readOnly),
  units: z.string().meta(readOnly),
  choices: z.array(choice).meta(readOnly),
  model_name: z.string().nullable().meta(readOnly),
  api_url: z.string().nullable().meta(readOnly),
  confirm: z
    .boolean()
    .meta({ description: 'Indicates if changing this setting requires confirmation', ...readOnly }),
  confirm_text: z.string().meta(readOnly),
};

export const GlobalSetting = z.object({
  ...settingFields,
  typ: z.literal('global').meta(readOnly),
  read_only: z.boolean().meta({
    title: 'Override',
    description: 'Indicates if the setting is overridden by an environment variable',
    ...readOnly,
  }),
});

export const UserSetting = z.object({
  ...settingFields,
  user: z.number().int().meta(readOnly),
  typ: z.literal('user').meta(readOnly),
});
