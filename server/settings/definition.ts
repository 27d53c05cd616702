/** The shape of one setting definition (InvenTree's `InvenTreeSettingsKeyType`), as data. */
export type SettingType = 'boolean' | 'integer' | 'string' | 'related field';

export interface SettingChoice {
  value: string;
  display_name: string;
}

/** Named validators for string settings whose rule is more than a pattern (see value.ts). */
export type SettingValidator =
  | 'json'
  | 'url'
  | 'currency_codes'
  | 'part_name_format'
  | 'reference_pattern'
  | 'email_domains'
  | 'decimal_places_min'
  | 'decimal_places_max';

/** Choices computed when asked: the supported currencies, the user groups. */
export type DynamicChoices = 'currencies' | 'groups';

export interface SettingDefinition {
  name: string;
  description: string;
  /** The default in stored text form: "True", "30", "A4", "". */
  default: string;
  /** Display units: "days", "ms", "". */
  units: string;
  type: SettingType;
  min?: number;
  max?: number;
  choices?: readonly SettingChoice[];
  dynamicChoices?: DynamicChoices;
  validator?: SettingValidator;
  /** The whole value must match `regex` (blank included unless the regex allows it). */
  pattern?: { regex: string; message: string };
  /** A default made once per installation and stored on first use. */
  generated?: 'uuid';
  /** Not shown on the settings pages (still readable through the API unless the key starts with `_`). */
  hidden?: boolean;
  /** Changing it sets SERVER_RESTART_REQUIRED. */
  requiresRestart?: boolean;
  confirm?: boolean;
  confirmText?: string;
  /** For `related field` settings: the related model and its list URL. */
  modelName?: string;
  apiUrl?: string;
}

type NativeOf<T extends SettingType> = T extends 'boolean' ? boolean : T extends 'integer' ? number : string;

/** The TypeScript type of a setting's value, from its definition's `type` (a union for a union). */
export type NativeValue<D extends { type: SettingType }> = NativeOf<D['type']>;
