import { z } from 'zod';
import { db } from '@/db/client';
import { authenticate } from '@/server/auth/authenticate';
import { type Ctx, type Principal, withTransaction } from '@/server/context';
import { AppError, STATUS } from '../errors';
import { log } from '../logger';
import { assertAllowed } from './access';
import { readBody } from './body';
import { type AnyMethod, type EndpointSpec, METHODS, type Method } from './endpoint';
import { optionsMetadata } from './options';
import { json } from './respond';
import { zodToFieldErrors } from './zod-errors';

type RouteContext = { params: Promise<Record<string, string | string[]>> };
type Handler = (request: Request, context: RouteContext) => Promise<Response>;

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Absolute URL of the request as the client sent it (honouring a proxy's forwarded headers). */
export function publicUrl(request: Request): URL {
  const url = new URL(request.url);
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  const proto = request.headers.get('x-forwarded-proto');
  if (host) url.host = host;
  if (proto) url.protocol = `${proto.split(',')[0]!.trim()}:`;
  return url;
}

export function notFoundRoute(url: URL): Response {
  return json({ detail: 'API endpoint not found', url: url.toString() }, 404);
}

/** Maps any thrown value to InvenTree's error answer; unknown errors are logged and stay generic. */
export function errorResponse(err: unknown, url: URL): Response {
  if (err instanceof AppError) {
    const body = err.body ?? { detail: err.message };
    return json(body, STATUS[err.code], err.headers);
  }
  if (err instanceof z.ZodError) return json(zodToFieldErrors(err, undefined), 400);
  const pgCode = (err as { code?: string } | null)?.code;
  if (pgCode === '40P01' || pgCode === '40001') {
    log.warn('transaction conflict', { path: url.pathname, err });
    return json({ detail: 'The request conflicted with another change; please retry.' }, 409);
  }
  log.error('unhandled error', { path: url.pathname, err });
  return json(
    {
      error: 'Internal Server Error',
      detail: 'Error details can be found in the server log',
      path: url.pathname,
      status_code: 500,
    },
    500,
  );
}

/** CSRF defence for cookie sessions: an unsafe request must come from our own origin. */
function assertSameOrigin(request: Request, url: URL): void {
  const origin = request.headers.get('origin') ?? request.headers.get('referer');
  if (!origin) throw new AppError('forbidden', 'CSRF Failed: Origin checking failed - no Origin header.');
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    throw new AppError('forbidden', 'CSRF Failed: Origin checking failed.');
  }
  if (host !== url.host)
    throw new AppError(
      'forbidden',
      `CSRF Failed: Origin checking failed - ${origin} does not match any trusted origins.`,
    );
}

function parseWith<T>(schema: z.ZodType<T> | undefined, input: unknown): T {
  if (!schema) return {} as T;
  const result = schema.safeParse(input);
  if (!result.success)
    throw new AppError('validation', 'Validation failed', zodToFieldErrors(result.error, input));
  return result.data;
}

function queryObject(url: URL): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of url.searchParams) if (!(k in out)) out[k] = v;
  return out;
}

function allowHeader(spec: EndpointSpec): string {
  return [...METHODS.filter((m) => spec[m]), 'HEAD', 'OPTIONS'].join(', ');
}

async function principalFor(request: Request): Promise<Principal | null> {
  return authenticate(db, request.headers);
}

function acceptsJson(request: Request): boolean {
  const accept = request.headers.get('accept');
  return !accept || /application\/json|\*\/\*|application\/\*|\+json/.test(accept);
}

/**
 * The one route wrapper: trailing-slash check, authentication (Token, Basic, session), the role
 * check, zod parsing of path/query/body, the verb, and the mapping of errors to InvenTree's shapes.
 */
function wrap(spec: EndpointSpec, method: Method): Handler {
  const m: AnyMethod | undefined = spec[method];
  return async (request, context) => {
    const url = publicUrl(request);
    try {
      if (!url.pathname.endsWith('/')) return notFoundRoute(url);
      if (!acceptsJson(request)) {
        return json({ detail: 'Could not satisfy the request Accept header.' }, 406);
      }
      const who = await principalFor(request);
      if (!m) {
        return json({ detail: `Method "${method}" not allowed.` }, 405, { Allow: allowHeader(spec) });
      }
      assertAllowed(who, m.access, method);
      if (who?.via === 'session' && UNSAFE.has(method)) assertSameOrigin(request, url);
      const params = parseWith(m.params, await context.params);
      const query = parseWith(m.query, queryObject(url));
      const body = method === 'GET' ? {} : parseWith(m.body, await readBody(request));
      const ctx: Ctx = { actor: who ?? anonymous, db };
      // Every write is one transaction: a verb that fails half-way leaves nothing behind.
      const result = UNSAFE.has(method)
        ? await withTransaction(ctx, (tx) => m.handler({ ctx: tx, params, query, body, request, url }))
        : await m.handler({ ctx, params, query, body, request, url });
      if (result instanceof Response) return result;
      const status = m.status ?? (method === 'POST' ? 201 : method === 'DELETE' ? 204 : 200);
      return json(result ?? {}, status);
    } catch (err) {
      return errorResponse(err, url);
    }
  };
}

const anonymous: Principal = {
  userId: 0,
  username: '',
  isStaff: false,
  isSuperuser: false,
  roles: {},
  via: 'session',
};

function optionsHandler(spec: EndpointSpec): Handler {
  return async (request) => {
    const url = publicUrl(request);
    try {
      if (!url.pathname.endsWith('/')) return notFoundRoute(url);
      const who = await principalFor(request);
      const read = spec.GET?.access ?? 'user';
      assertAllowed(who, read === 'public' ? 'user' : read, 'GET');
      return json(optionsMetadata(spec, who), 200, { Allow: allowHeader(spec) });
    } catch (err) {
      return errorResponse(err, url);
    }
  };
}

/** Route handlers for every method of an endpoint: unknown methods answer 405 as DRF does. */
export function routeHandlers(spec: EndpointSpec) {
  return {
    GET: wrap(spec, 'GET'),
    POST: wrap(spec, 'POST'),
    PUT: wrap(spec, 'PUT'),
    PATCH: wrap(spec, 'PATCH'),
    DELETE: wrap(spec, 'DELETE'),
    OPTIONS: optionsHandler(spec),
  };
}
