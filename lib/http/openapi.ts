import { z } from 'zod';
import { type EndpointSpec, METHODS } from './endpoint';

function schemaOf(s: z.ZodType | undefined, io: 'input' | 'output') {
  if (!s) return undefined;
  const out = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'openapi-3.0' }) as Record<
    string,
    unknown
  >;
  delete out.$schema;
  return out;
}

function parameters(s: z.ZodType | undefined, where: 'path' | 'query') {
  const js = schemaOf(s, 'output') as
    | { properties?: Record<string, unknown>; required?: string[] }
    | undefined;
  return Object.entries(js?.properties ?? {}).map(([name, schema]) => ({
    name,
    in: where,
    required: where === 'path' || (js?.required ?? []).includes(name),
    schema,
  }));
}

/** The OpenAPI 3 document, generated from the same zod schemas the routes validate with. */
export function openApiDocument(
  specs: EndpointSpec[],
  info: { title: string; version: string; apiVersion: number },
) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of [...specs].sort((a, b) => a.path.localeCompare(b.path))) {
    const item: Record<string, unknown> = {};
    for (const m of METHODS) {
      const def = spec[m];
      if (!def) continue;
      const status = String(def.status ?? (m === 'POST' ? 201 : m === 'DELETE' ? 204 : 200));
      const response = schemaOf(def.response, 'output');
      item[m.toLowerCase()] = {
        operationId: `${
          spec.path
            .replace(/^\/api\//, '')
            .replace(/[{}]/g, '')
            .replace(/[/-]+/g, '_')
            .replace(/_$/, '') || 'root'
        }_${m.toLowerCase()}`,
        summary: def.summary ?? spec.name,
        tags: spec.tag ? [spec.tag] : [],
        'x-access': def.access,
        parameters: [...parameters(def.params, 'path'), ...parameters(def.query, 'query')],
        ...(def.body && m !== 'GET'
          ? { requestBody: { content: { 'application/json': { schema: schemaOf(def.body, 'output') } } } }
          : {}),
        responses: {
          [status]:
            status === '204'
              ? { description: 'No response body' }
              : {
                  description: '',
                  ...(response ? { content: { 'application/json': { schema: response } } } : {}),
                },
        },
        security:
          def.access === 'public'
            ? [{}, { tokenAuth: [] }, { basicAuth: [] }, { cookieAuth: [] }]
            : [{ tokenAuth: [] }, { basicAuth: [] }, { cookieAuth: [] }],
      };
    }
    paths[spec.path] = item;
  }
  return {
    openapi: '3.0.3',
    info: {
      title: info.title,
      version: `${info.version} (API ${info.apiVersion})`,
      description: 'InvenTree-compatible REST API',
    },
    paths,
    components: {
      securitySchemes: {
        tokenAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'Token-based authentication with required prefix "Token"',
        },
        basicAuth: { type: 'http', scheme: 'basic' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'authjs.session-token' },
      },
    },
  };
}
