/** The settings module's public door: global and per-user settings, their definitions and pages' groups. */
export type { NativeValue, SettingChoice, SettingDefinition, SettingType } from './definition';
export { GLOBAL_SETTINGS, USER_SETTINGS } from './definitions';
export * from './global';
export * from './sections';
export * from './user';
