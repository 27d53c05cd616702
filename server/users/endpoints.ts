import { endpoint, method } from '@/lib/http/endpoint';
import { listResponse } from '@/lib/http/list';
import { z } from '@/lib/zod';
import { clientIp } from '../auth/authenticate';
import * as users from './index';
import * as S from './schemas';

const tokenBootstrap = method({
  access: 'user',
  summary: 'Return an API token for the current user (HTTP Basic or a session); a new key each call.',
  query: S.TokenNameQuery,
  response: S.GetAuthToken,
  status: 200,
  handler: ({ ctx, query, request }) =>
    users.issueToken(ctx, query.name, {
      user_agent: request.headers.get('user-agent') ?? '',
      remote_addr: clientIp(request.headers) ?? '',
    }),
});

export const meToken = endpoint({
  path: '/api/user/me/token/',
  name: 'Get Auth Token',
  tag: 'user',
  GET: tokenBootstrap,
});
/** Legacy path the python client still calls. */
export const legacyToken = endpoint({
  path: '/api/user/token/',
  name: 'Get Auth Token',
  tag: 'user',
  GET: tokenBootstrap,
});

export const tokenList = endpoint({
  path: '/api/user/tokens/',
  name: 'Token List',
  model: 'apitoken',
  tag: 'user',
  GET: method({
    access: 'user',
    query: S.TokenQuery,
    response: listResponse(S.ApiToken),
    handler: ({ ctx, query, url }) => users.listTokens(ctx, query, url),
  }),
  POST: method({
    access: 'user',
    body: S.TokenBody,
    response: S.ApiToken,
    handler: ({ ctx, body }) => users.createToken(ctx, body),
  }),
});

export const tokenDetail = endpoint({
  path: '/api/user/tokens/{id}/',
  name: 'Token Detail',
  model: 'apitoken',
  tag: 'user',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.ApiToken,
    handler: ({ ctx, params }) => users.getToken(ctx, params.id),
  }),
  DELETE: method({
    access: 'user',
    params: S.idParams,
    handler: ({ ctx, params }) => users.revokeToken(ctx, params.id),
  }),
});

const meRoles = method({
  access: 'user',
  response: S.Roles,
  handler: async ({ ctx }) => users.getMyRoles(ctx),
});
export const myRoles = endpoint({
  path: '/api/user/me/roles/',
  name: 'Role Details',
  tag: 'user',
  GET: meRoles,
});
export const legacyRoles = endpoint({
  path: '/api/user/roles/',
  name: 'Role Details',
  tag: 'user',
  GET: meRoles,
});

const meWrite = method({
  access: 'user',
  body: S.MeBody,
  response: S.User,
  handler: ({ ctx, body }) => users.updateMe(ctx, body),
});
export const me = endpoint({
  path: '/api/user/me/',
  name: 'Me User Detail',
  model: 'user',
  tag: 'user',
  GET: method({
    access: 'user',
    query: z.object({ roles: z.string().optional() }),
    response: S.User,
    handler: ({ ctx, query }) =>
      users.getMe(ctx, query.roles !== undefined && /^(1|true|yes|on)$/i.test(query.roles)),
  }),
  PUT: meWrite,
  PATCH: meWrite,
});

const profileWrite = method({
  access: 'user',
  body: S.ProfileBody,
  response: S.UserProfile,
  handler: ({ ctx, body }) => users.updateMyProfile(ctx, body),
});
export const myProfile = endpoint({
  path: '/api/user/me/profile/',
  name: 'User Profile Detail',
  tag: 'user',
  GET: method({ access: 'user', response: S.UserProfile, handler: ({ ctx }) => users.getMyProfile(ctx) }),
  PUT: profileWrite,
  PATCH: profileWrite,
});

export const userList = endpoint({
  path: '/api/user/',
  name: 'User List',
  model: 'user',
  tag: 'user',
  // InvenTree lets any authenticated user list users (pickers for owners, responsible, ...).
  GET: method({
    access: 'user',
    query: S.UserListQuery,
    response: listResponse(S.User),
    handler: ({ ctx, query, url }) => users.listUsers(ctx, query, url),
  }),
  POST: method({
    access: 'admin',
    body: S.UserCreateBody,
    response: S.User,
    handler: ({ ctx, body }) => users.createUser(ctx, body),
  }),
});

const userWrite = (partial: boolean) =>
  method({
    access: 'admin',
    params: S.idParams,
    body: partial ? S.UserUpdateBody : S.UserUpdateBody.required({ username: true }),
    response: S.User,
    handler: ({ ctx, params, body }) => users.updateUser(ctx, params.id, body),
  });
export const userDetail = endpoint({
  path: '/api/user/{id}/',
  name: 'User Detail',
  model: 'user',
  tag: 'user',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.User,
    handler: ({ ctx, params }) => users.getUser(ctx, params.id),
  }),
  PUT: userWrite(false),
  PATCH: userWrite(true),
  DELETE: method({
    access: 'admin',
    params: S.idParams,
    handler: ({ ctx, params }) => users.deleteUser(ctx, params.id),
  }),
});

const setPassword = method({
  access: 'superuser',
  params: S.idParams,
  body: S.SetPasswordBody,
  status: 200,
  handler: ({ ctx, params, body }) => users.setPassword(ctx, params.id, body.password, body.override_warning),
});
export const userSetPassword = endpoint({
  path: '/api/user/{id}/set-password/',
  name: 'User Set Password',
  tag: 'user',
  PUT: setPassword,
  PATCH: setPassword,
});

export const groupList = endpoint({
  path: '/api/user/group/',
  name: 'Group List',
  model: 'group',
  tag: 'user',
  GET: method({
    access: 'admin',
    query: S.GroupQuery,
    response: listResponse(S.Group),
    handler: ({ ctx, query, url }) => users.listGroups(ctx, query, url),
  }),
  POST: method({
    access: 'admin',
    body: S.GroupBody,
    response: S.Group,
    handler: ({ ctx, body }) => users.createGroup(ctx, body),
  }),
});

const groupWrite = method({
  access: 'admin',
  params: S.idParams,
  body: S.GroupUpdateBody,
  response: S.Group,
  handler: ({ ctx, params, body }) => users.updateGroup(ctx, params.id, body),
});
export const groupDetail = endpoint({
  path: '/api/user/group/{id}/',
  name: 'Group Detail',
  model: 'group',
  tag: 'user',
  GET: method({
    access: 'admin',
    params: S.idParams,
    query: S.GroupDetailQuery,
    response: S.Group,
    handler: ({ ctx, params, query }) => users.getGroup(ctx, params.id, query),
  }),
  PUT: groupWrite,
  PATCH: groupWrite,
  DELETE: method({
    access: 'admin',
    params: S.idParams,
    handler: ({ ctx, params }) => users.deleteGroup(ctx, params.id),
  }),
});

export const rulesetList = endpoint({
  path: '/api/user/ruleset/',
  name: 'Rule Set List',
  model: 'ruleset',
  tag: 'user',
  GET: method({
    access: 'admin',
    query: S.RuleSetQuery,
    response: listResponse(S.RuleSet),
    handler: ({ ctx, query, url }) => users.listRulesets(ctx, query, url),
  }),
});
const rulesetWrite = method({
  access: 'admin',
  params: S.idParams,
  body: S.RuleSetBody,
  response: S.RuleSet,
  handler: ({ ctx, params, body }) => users.updateRuleset(ctx, params.id, body),
});
export const rulesetDetail = endpoint({
  path: '/api/user/ruleset/{id}/',
  name: 'Rule Set Detail',
  model: 'ruleset',
  tag: 'user',
  GET: method({
    access: 'admin',
    params: S.idParams,
    response: S.RuleSet,
    handler: ({ ctx, params }) => users.getRuleset(ctx, params.id),
  }),
  PUT: rulesetWrite,
  PATCH: rulesetWrite,
});

export const ownerList = endpoint({
  path: '/api/user/owner/',
  name: 'Owner List',
  tag: 'user',
  GET: method({
    access: 'user',
    query: S.OwnerQuery,
    response: listResponse(S.Owner),
    handler: ({ ctx, query, url }) => users.listOwners(ctx, query, url),
  }),
});
export const ownerDetail = endpoint({
  path: '/api/user/owner/{id}/',
  name: 'Owner Detail',
  tag: 'user',
  GET: method({
    access: 'user',
    params: S.idParams,
    response: S.Owner,
    handler: ({ ctx, params }) => users.getOwner(ctx, params.id),
  }),
});
