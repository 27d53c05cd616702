import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import * as settings from './index';
import * as S from './schemas';

export const globalSettingList = endpoint({
  path: '/api/settings/global/',
  name: 'Global Settings List',
  model: 'inventreesetting',
  tag: 'settings',
  GET: method({
    access: 'user',
    query: S.SettingsQuery,
    response: listResponse(S.GlobalSetting),
    handler: ({ ctx, query, url }) => settings.listGlobalSettings(ctx, query, url),
  }),
});

const globalWrite = (body: typeof S.SettingPutBody | typeof S.SettingPatchBody) =>
  method({
    access: 'staff',
    params: S.keyParams,
    body,
    response: S.GlobalSetting,
    handler: ({ ctx, params, body }) => settings.updateGlobalSetting(ctx, params.key, body),
  });
export const globalSettingDetail = endpoint({
  path: '/api/settings/global/{key}/',
  name: 'Global Setting Detail',
  model: 'inventreesetting',
  tag: 'settings',
  GET: method({
    access: 'user',
    params: S.keyParams,
    response: S.GlobalSetting,
    handler: ({ ctx, params }) => settings.readGlobalSetting(ctx, params.key),
  }),
  PUT: globalWrite(S.SettingPutBody),
  PATCH: globalWrite(S.SettingPatchBody),
});

export const userSettingList = endpoint({
  path: '/api/settings/user/',
  name: 'User Settings List',
  model: 'inventreeusersetting',
  tag: 'settings',
  GET: method({
    access: 'user',
    query: S.SettingsQuery,
    response: listResponse(S.UserSetting),
    handler: ({ ctx, query, url }) => settings.listUserSettings(ctx, query, url),
  }),
});

const userWrite = (body: typeof S.SettingPutBody | typeof S.SettingPatchBody) =>
  method({
    access: 'user',
    params: S.keyParams,
    body,
    response: S.UserSetting,
    handler: ({ ctx, params, body }) => settings.updateUserSetting(ctx, params.key, body),
  });
export const userSettingDetail = endpoint({
  path: '/api/settings/user/{key}/',
  name: 'User Setting Detail',
  model: 'inventreeusersetting',
  tag: 'settings',
  GET: method({
    access: 'user',
    params: S.keyParams,
    response: S.UserSetting,
    handler: ({ ctx, params }) => settings.readUserSetting(ctx, params.key),
  }),
  PUT: userWrite(S.SettingPutBody),
  PATCH: userWrite(S.SettingPatchBody),
});
