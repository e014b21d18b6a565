import { type OpenApiPaths, jsonResponse, plainOperation } from '../../core/http/openapi';

const tag = 'operations';

/** The routes of docs.routes.ts, relative to its mount point (/docs). */
export const docsPaths: OpenApiPaths = {
  '/': {
    get: plainOperation({
      tag,
      operationId: 'getDocs',
      summary: 'Interactive API documentation (Swagger UI)',
      responses: {
        '200': {
          description: 'The Swagger UI page',
          content: { 'text/html': { schema: { type: 'string' } } },
        },
      },
    }),
  },
  '/openapi.json': {
    get: plainOperation({
      tag,
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI document',
      responses: {
        '200': jsonResponse('OpenAPI 3.1 document', {
          type: 'object',
          required: ['openapi', 'info', 'paths'],
          properties: {
            openapi: { type: 'string', pattern: '^3\\.1\\.' },
            info: { type: 'object' },
            paths: { type: 'object' },
          },
        }),
      },
    }),
  },
};
