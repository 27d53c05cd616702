import type { z } from 'zod';
import type { Permission, Role } from '@/domain/roles';
import type { Ctx } from '@/server/context';

export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

/**
 * Who may call a method:
 * - `public`: anyone (a wrong credential is still a 401);
 * - `user`: any authenticated user; `staff`, `superuser`: those flags;
 * - a role (`part`): the permission follows the HTTP method (GET→view, POST→add, ...);
 * - `role.permission` (`stock.change`): that permission, whatever the method.
 */
export type Access = 'public' | 'user' | 'staff' | 'superuser' | Role | `${Role}.${Permission}`;

export interface HandlerArgs<P, Q, B> {
  ctx: Ctx;
  params: P;
  query: Q;
  body: B;
  request: Request;
  url: URL;
}

export interface MethodSpec<P = unknown, Q = unknown, B = unknown> {
  access: Access;
  summary?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  /** Documents the answer in the OpenAPI schema and marks read-only fields in OPTIONS. */
  response?: z.ZodType;
  /** Success status; POST defaults to 201, DELETE to 204. */
  status?: number;
  /** The handler returns data (serialised as JSON) or a ready Response. */
  handler: (args: HandlerArgs<P, Q, B>) => Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: each method's own types are checked where it is declared.
export type AnyMethod = MethodSpec<any, any, any>;

export interface EndpointSpec {
  /** OpenAPI path with its trailing slash, e.g. `/api/user/{id}/`. */
  path: string;
  /** OPTIONS `name`, e.g. "User Detail". */
  name: string;
  description?: string;
  /** OPTIONS `model`: the lowercase model name. */
  model?: string;
  tag?: string;
  GET?: AnyMethod;
  POST?: AnyMethod;
  PUT?: AnyMethod;
  PATCH?: AnyMethod;
  DELETE?: AnyMethod;
}

/** Declares one method with its types inferred from the schemas. */
export function method<P = Record<string, never>, Q = Record<string, never>, B = Record<string, never>>(
  spec: MethodSpec<P, Q, B>,
): MethodSpec<P, Q, B> {
  return spec;
}

export function endpoint<T extends EndpointSpec>(spec: T): T {
  return spec;
}
