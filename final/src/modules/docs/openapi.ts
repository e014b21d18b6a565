// The OpenAPI 3.1 document, assembled: each module describes its own routes (its
// `<feature>.openapi.ts`, built from the contracts its routes validate with), and this file
// mounts them where app.ts mounts their routers and adds the components they share. The docs
// module serves it at /docs/openapi.json (Swagger UI renders it at /docs);
// test/ops/openapi.test.ts proves that every route is documented and nothing else, that real
// responses validate against it, and that it is valid against the official 3.1 schema.
import { PROBLEM_TYPES, PROBLEM_TYPES_PATH } from '../../core/errors/problem-types';
import { problemTypeSchemas, problemTypesPaths } from '../../core/errors/problem-types.openapi';
import {
  type OpenApiObject,
  type OpenApiPaths,
  apiResponses,
  mountPaths,
  schemaRef,
} from '../../core/http/openapi';
import { MAX_PAGE_SIZE } from '../../core/http/pagination';
import { authPaths, authSchemas } from '../auth/auth.openapi';
import { healthPaths, healthSchemas } from '../health/health.openapi';
import { postsPaths, postsSchemas, userPostsPaths } from '../posts/posts.openapi';
import { productSchemas, productsPaths } from '../products/products.openapi';
import { usersPaths, usersSchemas } from '../users/users.openapi';
import { docsPaths } from './docs.openapi';

// app.ts's API_PREFIX and mount points, and the users router's for an author's posts
// (imported from app.ts this would be a cycle: the app serves this document); the
// route-coverage test fails if they ever disagree.
const API = '/api/v1';

const paths: OpenApiPaths = {
  ...mountPaths('', healthPaths),
  ...mountPaths('/docs', docsPaths),
  ...mountPaths(`${API}/auth`, authPaths),
  ...mountPaths(`${API}/users`, usersPaths),
  ...mountPaths(`${API}/users/:userId/posts`, userPostsPaths),
  ...mountPaths(`${API}/products`, productsPaths),
  ...mountPaths(`${API}/posts`, postsPaths),
  ...mountPaths(PROBLEM_TYPES_PATH, problemTypesPaths),
};

const fieldProblemTypes = PROBLEM_TYPES.map((t) => t.type);

const problem: OpenApiObject = {
  type: 'object',
  description:
    'RFC 9457 problem details, plus the request id. `errors` (the field problems) comes only with a problem type this API defines, documented where its `type` URI points.',
  required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
  // A member beyond the standard ones belongs to a problem type that defines it.
  dependentSchemas: { errors: { properties: { type: { enum: fieldProblemTypes } } } },
  properties: {
    type: { type: 'string', enum: ['about:blank', ...fieldProblemTypes] },
    title: { type: 'string', examples: ['Not Found'] },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string', examples: ['/api/v1/products/42'] },
    requestId: { type: 'string' },
    errors: { type: 'array', items: schemaRef('FieldError') },
  },
};

/** The schemas, headers and security schemes the modules' operations refer to. */
const sharedComponents = {
  securitySchemes: {
    bearerAuth: {
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        'Access token from POST /api/v1/auth/login or /refresh: HS256, at most 15 minutes, `sub` is the user id.',
    },
    metricsToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The METRICS_TOKEN configured on the server (GET /metrics only)',
    },
  },
  headers: {
    RateLimit: {
      description:
        'IETF RateLimit header (draft 8): per policy the caller passed through, the requests left (`r`) and the seconds until the window resets (`t`), e.g. `"general"; r=299; t=60`',
      required: true,
      schema: { type: 'string' },
    },
    RateLimitPolicy: {
      description:
        'IETF RateLimit-Policy header (draft 8): per policy, the quota (`q`), the window in seconds (`w`) and a partition key, e.g. `"general"; q=300; w=60; pk=:…:`',
      required: true,
      schema: { type: 'string' },
    },
    RetryAfter: {
      description: 'Seconds to wait before trying again',
      required: true,
      schema: { type: 'integer', minimum: 0 },
    },
    Location: {
      description: 'URL of the created resource',
      required: true,
      schema: { type: 'string' },
    },
    ETag: {
      description:
        'Weak validator of a list page (`W/"…"`): send it back in `If-None-Match` to get a 304 while nothing on the list changed',
      required: true,
      schema: { type: 'string', pattern: '^W/"' },
    },
    StrongETag: {
      description:
        'Strong validator of this representation (a digest of it): send it in `If-Match` to change exactly this version (412 if it changed meanwhile), or in `If-None-Match` to get a 304',
      required: true,
      schema: { type: 'string', pattern: '^"' },
    },
    NoStore: {
      description: 'Always `no-store`: the response must not be cached',
      required: true,
      schema: { type: 'string', const: 'no-store' },
    },
    WwwAuthenticate: {
      description: 'The scheme to use (`Bearer`), with `error="invalid_token"` when one was sent',
      required: true,
      schema: { type: 'string', pattern: '^Bearer' },
    },
    Allow: {
      description: 'The methods the route supports',
      required: true,
      schema: { type: 'string' },
    },
  },
  responses: {
    ...apiResponses,
    NotFound: {
      description: 'No route for this path (any operation)',
      content: { 'application/problem+json': { schema: schemaRef('Problem') } },
    },
    MethodNotAllowed: {
      description: 'The path exists but not with this method (any operation)',
      headers: { Allow: { $ref: '#/components/headers/Allow' } },
      content: { 'application/problem+json': { schema: schemaRef('Problem') } },
    },
  },
  schemas: {
    Id: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER, examples: [1] },
    Timestamp: {
      type: 'string',
      format: 'date-time',
      examples: ['2025-01-01T12:00:00.000Z'],
    },
    PageInfo: {
      type: 'object',
      description: 'Where this page sits in the whole list',
      required: ['page', 'limit', 'total', 'totalPages'],
      additionalProperties: false,
      properties: {
        page: { type: 'integer', minimum: 1 },
        limit: { type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE },
        total: { type: 'integer', minimum: 0, description: 'Items matching the query' },
        totalPages: { type: 'integer', minimum: 0 },
      },
    },
    Problem: problem,
    ...problemTypeSchemas,
    FieldError: {
      type: 'object',
      required: ['location', 'field', 'message'],
      additionalProperties: false,
      properties: {
        location: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
        field: { type: 'string', description: "The field's name; empty for the body as a whole" },
        message: { type: 'string', examples: ['email must be an email address'] },
      },
    },
    ...healthSchemas,
    ...authSchemas,
    ...usersSchemas,
    ...productSchemas,
    ...postsSchemas,
  },
};

export const openApiDocument = {
  openapi: '3.1.1',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Enterprise Express final API',
    version: '1.0.0',
    summary: 'The production-style backend of "Enterprise Express in 14 Days".',
    description:
      'JSON API with JWT access tokens, rotating refresh tokens, RBAC with ownership policies and RFC 9457 problem details for every error.\n\n' +
      'Every error is `application/problem+json` (`type`, `title`, `status`, `detail`, `instance`, `requestId`); field problems come as the problem types `/problems/invalid-parameters` (400) and `/problems/invalid-body` (422) with `errors`, and `GET /problems/{name}` documents each. ' +
      'A product carries a strong `ETag`: send it in `If-Match` with a `PATCH` to change exactly the version you read (412 if it changed meanwhile). ' +
      'Besides the responses listed per operation: an unknown path gives 404, another method on a known path 405 with `Allow`. ' +
      'Every response carries `X-Request-Id` (a well-formed incoming one is kept). Money is integer cents; timestamps are ISO 8601 UTC.',
    license: { name: 'MIT', identifier: 'MIT' },
  },
  servers: [{ url: '/', description: 'This server' }],
  tags: [
    { name: 'operations', description: 'Liveness, readiness, metrics and these docs' },
    { name: 'auth', description: 'Registration, login and the refresh-token lifecycle' },
    { name: 'users', description: 'The caller and (for admins) every user' },
    { name: 'products', description: 'The product catalogue' },
    { name: 'posts', description: 'Posts, drafts visible only to their author and admins' },
  ],
  paths,
  components: sharedComponents,
};

export type OpenApiDocument = typeof openApiDocument;
