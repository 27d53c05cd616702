import type { EndpointSpec } from '@/lib/http/endpoint';
import { routeHandlers } from '@/lib/http/route';
import { isUploadEndpoint, uploadRouteHandlers } from '@/lib/http/upload';
import { allEndpoints } from '@/server/endpoints';

/**
 * Calls the real route handlers in-process with a real Request, resolving the path against the
 * endpoint registry exactly like the generated app/api route files do. Everything below the
 * handler (auth, role checks, zod, verbs, PostgreSQL) is the production code path.
 */
const routes = allEndpoints()
  .map((spec) => {
    const names: string[] = [];
    const pattern = spec.path
      .replace(/[.*+?^$()|[\]\\]/g, '\\$&')
      .replace(/\\?\{(\w+)\\?\}|\{(\w+)\}/g, (_m, a, b) => {
        names.push(a ?? b);
        return '([^/]+)';
      });
    // Next matches a route with or without the trailing slash; the wrapper then insists on it.
    return { spec, names, re: new RegExp(`^${pattern.replace(/\/$/, '')}/?$`) };
  })
  .sort((a, b) => a.names.length - b.names.length);

export function resolve(path: string): { spec: EndpointSpec; params: Record<string, string> } | null {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) return { spec: r.spec, params: Object.fromEntries(r.names.map((n, i) => [n, m[i + 1]!])) };
  }
  return null;
}

export interface ApiOptions {
  token?: string;
  basic?: [string, string];
  body?: unknown;
  headers?: Record<string, string>;
  rawBody?: string;
  /** A multipart body (the Request sets the boundary); used as is, like a browser or python's requests. */
  form?: FormData;
}

export interface ApiResult {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: test assertions read arbitrary JSON.
  body: any;
}

export async function api(method: string, url: string, opts: ApiOptions = {}): Promise<ApiResult> {
  const full = new URL(url, 'http://localhost:3000');
  const headers: Record<string, string> = { ...opts.headers };
  if (opts.token) headers.authorization = `Token ${opts.token}`;
  if (opts.basic) headers.authorization = `Basic ${Buffer.from(opts.basic.join(':')).toString('base64')}`;
  let body: string | FormData | undefined = opts.form ?? opts.rawBody;
  if (opts.body !== undefined && method !== 'GET' && method !== 'HEAD') {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const request = new Request(full, { method, headers, body });
  const match = resolve(full.pathname);
  let res: Response;
  if (!match) {
    res = new Response(JSON.stringify({ detail: 'API endpoint not found', url: full.toString() }), {
      status: 404,
    });
  } else {
    // The same handler factory the generated route file uses (streamed uploads for file endpoints).
    const h = isUploadEndpoint(match.spec) ? uploadRouteHandlers(match.spec) : routeHandlers(match.spec);
    const fn = h[method as keyof typeof h];
    res = await fn(request, { params: Promise.resolve(match.params) });
  }
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}
