import {
  type OpenApiPaths,
  headerRef,
  jsonResponse,
  plainOperation,
  problemResponse,
  schemaRef,
} from '../../core/http/openapi';

const tag = 'operations';
const noStore = { 'Cache-Control': headerRef('NoStore') };

export const healthSchemas = {
  Health: {
    type: 'object',
    required: ['status', 'uptimeSeconds', 'version'],
    additionalProperties: false,
    properties: {
      status: { const: 'ok' },
      uptimeSeconds: { type: 'integer', minimum: 0, description: 'Whole seconds since start' },
      version: { type: 'string', examples: ['1.0.0'] },
    },
  },
  Readiness: {
    type: 'object',
    required: ['status'],
    additionalProperties: false,
    properties: { status: { const: 'ready' } },
  },
};

/** The routes of health.routes.ts (mounted at the root, outside the versioned API). */
export const healthPaths: OpenApiPaths = {
  '/health': {
    get: plainOperation({
      tag,
      operationId: 'getHealth',
      summary: 'Liveness probe',
      description:
        'Answers as long as the process runs, whatever its dependencies say. Not rate limited.',
      responses: { '200': jsonResponse('The process is alive', schemaRef('Health'), noStore) },
    }),
  },
  '/ready': {
    get: plainOperation({
      tag,
      operationId: 'getReady',
      summary: 'Readiness probe',
      description: '200 when the database answers and the process is not shutting down.',
      responses: {
        '200': jsonResponse('Ready to take traffic', schemaRef('Readiness'), noStore),
        '503': problemResponse('Not ready: the database does not answer, or shutting down'),
      },
    }),
  },
  '/metrics': {
    get: plainOperation({
      tag,
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Requests by route template and status, their latency, jobs and process metrics, in the Prometheus text format. Not public: with METRICS_TOKEN set the scraper sends it as a bearer token (else 401); without it only direct loopback connections without forwarding headers are served (else 403).',
      security: [{}, { metricsToken: [] }],
      responses: {
        '200': {
          description: 'Prometheus exposition format',
          headers: noStore,
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        '401': problemResponse('METRICS_TOKEN is set and the bearer token is not it', {
          'WWW-Authenticate': headerRef('WwwAuthenticate'),
        }),
        '403': problemResponse('No METRICS_TOKEN, and the request is not a direct local one'),
      },
    }),
  },
};
