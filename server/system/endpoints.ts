import { endpoint, method } from '@/lib/http/endpoint';
import { openApiDocument } from '@/lib/http/openapi';
import { z } from '@/lib/zod';
import { allEndpoints } from '../endpoints';
import { API_VERSION, SERVER_VERSION, serverInfo } from '../info';

export const root = endpoint({
  path: '/api/',
  name: 'Info',
  description: 'InvenTree server information: version, API version, worker state.',
  tag: 'system',
  GET: method({
    access: 'public',
    response: z
      .object({ server: z.string(), version: z.string(), apiVersion: z.number().int(), instance: z.string() })
      .loose(),
    handler: ({ ctx }) => serverInfo(ctx),
  }),
});

export const schema = endpoint({
  path: '/api/schema/',
  name: 'Schema',
  description: 'The OpenAPI 3 document of this API, generated from the route schemas.',
  tag: 'system',
  GET: method({
    access: 'user',
    handler: async () =>
      openApiDocument(allEndpoints(), {
        title: 'InvenTree API',
        version: SERVER_VERSION,
        apiVersion: API_VERSION,
      }),
  }),
});
