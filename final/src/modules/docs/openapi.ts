// The OpenAPI 3.1 description of every route final/ serves. It is plain data:
// the docs module serves it at /docs/openapi.json (Swagger UI renders it at /docs)
// and test/ops/openapi.test.ts proves two things about it: every real route is
// documented (and nothing else), and real responses validate against these schemas.
// Schemas are JSON Schema 2020-12, the dialect OpenAPI 3.1 uses.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const ref = (name: string): JsonObject => ({ $ref: `#/components/schemas/${name}` });
const response = (name: string): JsonObject => ({ $ref: `#/components/responses/${name}` });
const param = (name: string): JsonObject => ({ $ref: `#/components/parameters/${name}` });

const json = (schema: JsonObject, description: string): JsonObject => ({
  description,
  content: { 'application/json': { schema } },
});

const jsonBody = (schema: JsonObject): JsonObject => ({
  required: true,
  content: { 'application/json': { schema } },
});

const bearer: Json[] = [{ bearerAuth: [] }];
/** Public, but a bearer token changes what the caller sees. */
const optionalBearer: Json[] = [{}, { bearerAuth: [] }];

const listOf = (item: string): JsonObject => ({
  type: 'object',
  required: ['data', 'page'],
  additionalProperties: false,
  properties: {
    data: { type: 'array', items: ref(item) },
    page: ref('PageInfo'),
  },
});

const id: JsonObject = { type: 'integer', minimum: 1, examples: [1] };
const timestamp: JsonObject = {
  type: 'string',
  format: 'date-time',
  examples: ['2025-01-01T12:00:00.000Z'],
};
const password: JsonObject = {
  type: 'string',
  minLength: 12,
  maxLength: 128,
  description:
    '12-128 characters and at most 72 bytes in UTF-8 (what bcrypt reads); longer ones are rejected, never truncated.',
  examples: ['correct horse battery'],
};

const definition = {
  openapi: '3.1.0',
  jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
  info: {
    title: 'Enterprise Express final API',
    version: '1.0.0',
    summary: 'The production-style backend of "Enterprise Express in 14 Days".',
    description:
      'JSON API with JWT access tokens, rotating refresh tokens, RBAC with ownership policies and RFC 9457 problem details for every error.\n\n' +
      'Every error is `application/problem+json` (`type`, `title`, `status`, `detail`, `instance`, `requestId`, and `errors` for field problems). ' +
      'Besides the responses listed per operation: an unknown path gives 404, another method on a known path 405 with `Allow`, and an unexpected failure 500 without internals. ' +
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
  paths: {
    '/health': {
      get: {
        tags: ['operations'],
        operationId: 'getHealth',
        summary: 'Liveness probe',
        description: 'Answers as long as the process runs. Says nothing sensitive.',
        security: [],
        responses: { '200': json(ref('Health'), 'The process is alive') },
      },
    },
    '/ready': {
      get: {
        tags: ['operations'],
        operationId: 'getReady',
        summary: 'Readiness probe',
        description:
          '200 when the database answers and the process is not shutting down, else 503.',
        security: [],
        responses: {
          '200': json(ref('Readiness'), 'Ready to take traffic'),
          '503': response('ServiceUnavailable'),
        },
      },
    },
    '/metrics': {
      get: {
        tags: ['operations'],
        operationId: 'getMetrics',
        summary: 'Prometheus metrics',
        description:
          'Requests by route and status and a latency histogram in the Prometheus text format. Not public: with METRICS_TOKEN set the scraper sends it as a bearer token (else 401); without it only direct loopback connections without forwarding headers are served (else 403).',
        security: [{}, { metricsToken: [] }],
        responses: {
          '200': {
            description: 'Prometheus exposition format',
            content: { 'text/plain': { schema: { type: 'string' } } },
          },
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
        },
      },
    },
    '/docs': {
      get: {
        tags: ['operations'],
        operationId: 'getDocs',
        summary: 'Interactive API documentation (Swagger UI)',
        security: [],
        responses: {
          '200': {
            description: 'The Swagger UI page',
            content: { 'text/html': { schema: { type: 'string' } } },
          },
        },
      },
    },
    '/docs/openapi.json': {
      get: {
        tags: ['operations'],
        operationId: 'getOpenApiDocument',
        summary: 'This OpenAPI document',
        security: [],
        responses: {
          '200': json(
            {
              type: 'object',
              required: ['openapi', 'info', 'paths'],
              properties: {
                openapi: { type: 'string', pattern: '^3\\.1\\.' },
                info: { type: 'object' },
                paths: { type: 'object' },
              },
            },
            'OpenAPI 3.1 document',
          ),
        },
      },
    },

    '/api/v1/auth/register': {
      post: {
        tags: ['auth'],
        operationId: 'register',
        summary: 'Create an account',
        description:
          'The role is always `user`; unknown fields are ignored, never assigned. Emails are unique case-insensitively.',
        security: [],
        requestBody: jsonBody(ref('RegisterRequest')),
        responses: {
          '201': {
            description: 'The new user',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: { 'application/json': { schema: ref('User') } },
          },
          '400': response('BadRequest'),
          '409': response('Conflict'),
          '413': response('PayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
          '429': response('TooManyRequests'),
        },
      },
    },
    '/api/v1/auth/login': {
      post: {
        tags: ['auth'],
        operationId: 'login',
        summary: 'Exchange credentials for a token pair',
        description:
          'Unknown email and wrong password give the same 401. Ten failed logins for one account and client within 15 minutes give 429.',
        security: [],
        requestBody: jsonBody(ref('LoginRequest')),
        responses: {
          '200': {
            description: 'A new token pair (never cached)',
            headers: { 'Cache-Control': { $ref: '#/components/headers/NoStore' } },
            content: { 'application/json': { schema: ref('TokenPair') } },
          },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
          '429': response('TooManyRequests'),
        },
      },
    },
    '/api/v1/auth/refresh': {
      post: {
        tags: ['auth'],
        operationId: 'refresh',
        summary: 'Rotate a refresh token',
        description:
          'Returns a new pair and kills the presented refresh token. Presenting a rotated token again revokes its whole family.',
        security: [],
        requestBody: jsonBody(ref('RefreshRequest')),
        responses: {
          '200': {
            description: 'A new token pair (never cached)',
            headers: { 'Cache-Control': { $ref: '#/components/headers/NoStore' } },
            content: { 'application/json': { schema: ref('TokenPair') } },
          },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
          '429': response('TooManyRequests'),
        },
      },
    },
    '/api/v1/auth/logout': {
      post: {
        tags: ['auth'],
        operationId: 'logout',
        summary: 'Revoke a refresh-token family',
        security: [],
        requestBody: jsonBody(ref('RefreshRequest')),
        responses: {
          '204': { description: 'Logged out; the token family is revoked' },
          '400': response('BadRequest'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
          '429': response('TooManyRequests'),
        },
      },
    },

    '/api/v1/users/me': {
      get: {
        tags: ['users'],
        operationId: 'getMe',
        summary: 'The caller',
        security: bearer,
        responses: {
          '200': json(ref('User'), 'The caller'),
          '401': response('Unauthorized'),
        },
      },
      patch: {
        tags: ['users'],
        operationId: 'updateMe',
        summary: 'Change the caller’s name or password',
        description:
          'A password change requires `currentPassword` (a wrong one gives 403) and revokes every refresh token of the caller.',
        security: bearer,
        requestBody: jsonBody(ref('UpdateMeRequest')),
        responses: {
          '200': json(ref('User'), 'The updated caller'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
    },
    '/api/v1/users': {
      get: {
        tags: ['users'],
        operationId: 'listUsers',
        summary: 'List users (admin)',
        security: bearer,
        parameters: [param('Page'), param('Limit')],
        responses: {
          '200': json(listOf('User'), 'A page of users'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
        },
      },
    },
    '/api/v1/users/{id}': {
      parameters: [param('Id')],
      get: {
        tags: ['users'],
        operationId: 'getUser',
        summary: 'One user (admin or self)',
        security: bearer,
        responses: {
          '200': json(ref('User'), 'The user'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
        },
      },
      delete: {
        tags: ['users'],
        operationId: 'deleteUser',
        summary: 'Delete a user (admin)',
        security: bearer,
        responses: {
          '204': { description: 'Deleted' },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
          '409': response('Conflict'),
        },
      },
    },
    '/api/v1/users/{id}/role': {
      parameters: [param('Id')],
      patch: {
        tags: ['users'],
        operationId: 'changeUserRole',
        summary: 'Change a user’s role (admin)',
        description: 'Takes effect on the user’s next request. Demoting the last admin gives 409.',
        security: bearer,
        requestBody: jsonBody(ref('ChangeRoleRequest')),
        responses: {
          '200': json(ref('User'), 'The user with the new role'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
          '409': response('Conflict'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
    },

    '/api/v1/products/search': {
      get: {
        tags: ['products'],
        operationId: 'searchProducts',
        summary: 'Search products by name or description',
        security: [],
        parameters: [
          {
            name: 'q',
            in: 'query',
            required: true,
            schema: { type: 'string', minLength: 1, maxLength: 100 },
          },
        ],
        responses: {
          '200': json(
            {
              type: 'object',
              required: ['data'],
              properties: { data: { type: 'array', items: ref('Product') } },
            },
            'Every matching product',
          ),
          '400': response('BadRequest'),
        },
      },
    },
    '/api/v1/products': {
      get: {
        tags: ['products'],
        operationId: 'listProducts',
        summary: 'List products',
        security: [],
        parameters: [
          param('Page'),
          param('Limit'),
          {
            name: 'q',
            in: 'query',
            description: 'Case-insensitive search in name and description',
            schema: { type: 'string', minLength: 1, maxLength: 100 },
          },
          {
            name: 'minPriceCents',
            in: 'query',
            schema: { type: 'integer', minimum: 0, maximum: 10000000000 },
          },
          {
            name: 'maxPriceCents',
            in: 'query',
            schema: { type: 'integer', minimum: 0, maximum: 10000000000 },
          },
          {
            name: 'sort',
            in: 'query',
            description: 'One of the allowlisted orders; a leading `-` sorts descending.',
            schema: {
              type: 'string',
              enum: ['name', '-name', 'priceCents', '-priceCents', 'createdAt', '-createdAt'],
              default: 'createdAt',
            },
          },
        ],
        responses: {
          '200': {
            ...json(listOf('Product'), 'A page of products'),
            headers: { ETag: { $ref: '#/components/headers/ETag' } },
          },
          '304': {
            description:
              'Not modified: the `If-None-Match` ETag still matches (no product changed since)',
          },
          '400': response('BadRequest'),
        },
      },
      post: {
        tags: ['products'],
        operationId: 'createProduct',
        summary: 'Create a product (admin, editor)',
        security: bearer,
        requestBody: jsonBody(ref('CreateProductRequest')),
        responses: {
          '201': {
            description: 'The new product',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: { 'application/json': { schema: ref('Product') } },
          },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '409': response('Conflict'),
          '413': response('PayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
    },
    '/api/v1/products/{id}': {
      parameters: [param('Id')],
      get: {
        tags: ['products'],
        operationId: 'getProduct',
        summary: 'One product',
        security: [],
        responses: {
          '200': json(ref('Product'), 'The product'),
          '400': response('BadRequest'),
          '404': response('NotFound'),
        },
      },
      patch: {
        tags: ['products'],
        operationId: 'updateProduct',
        summary: 'Update a product (admin, editor)',
        security: bearer,
        requestBody: jsonBody(ref('UpdateProductRequest')),
        responses: {
          '200': json(ref('Product'), 'The updated product'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
          '409': response('Conflict'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
      delete: {
        tags: ['products'],
        operationId: 'deleteProduct',
        summary: 'Delete a product (admin)',
        security: bearer,
        responses: {
          '204': { description: 'Deleted' },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
        },
      },
    },

    '/api/v1/posts': {
      get: {
        tags: ['posts'],
        operationId: 'listPosts',
        summary: 'List published posts, plus the caller’s own drafts when signed in',
        security: optionalBearer,
        parameters: [param('Page'), param('Limit')],
        responses: {
          '200': json(listOf('Post'), 'A page of posts'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
        },
      },
      post: {
        tags: ['posts'],
        operationId: 'createPost',
        summary: 'Create a post (any signed-in user; the author is the caller)',
        security: bearer,
        requestBody: jsonBody(ref('CreatePostRequest')),
        responses: {
          '201': {
            description: 'The new post',
            headers: { Location: { $ref: '#/components/headers/Location' } },
            content: { 'application/json': { schema: ref('Post') } },
          },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '413': response('PayloadTooLarge'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
    },
    '/api/v1/posts/{id}': {
      parameters: [param('Id')],
      get: {
        tags: ['posts'],
        operationId: 'getPost',
        summary: 'One post (a draft only for its author and admins, otherwise 404)',
        security: optionalBearer,
        responses: {
          '200': json(ref('Post'), 'The post'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '404': response('NotFound'),
        },
      },
      patch: {
        tags: ['posts'],
        operationId: 'updatePost',
        summary: 'Update a post (its author or an admin)',
        security: bearer,
        requestBody: jsonBody(ref('UpdatePostRequest')),
        responses: {
          '200': json(ref('Post'), 'The updated post'),
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
          '415': response('UnsupportedMediaType'),
          '422': response('ValidationFailed'),
        },
      },
      delete: {
        tags: ['posts'],
        operationId: 'deletePost',
        summary: 'Delete a post (its author or an admin)',
        security: bearer,
        responses: {
          '204': { description: 'Deleted' },
          '400': response('BadRequest'),
          '401': response('Unauthorized'),
          '403': response('Forbidden'),
          '404': response('NotFound'),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      metricsToken: {
        type: 'http',
        scheme: 'bearer',
        description: 'The METRICS_TOKEN configured on the server (GET /metrics only)',
      },
      bearerAuth: {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description:
          'Access token from POST /api/v1/auth/login or /refresh: HS256, at most 15 minutes, `sub` is the user id.',
      },
    },
    parameters: {
      Id: {
        name: 'id',
        in: 'path',
        required: true,
        description: 'Positive integer id',
        schema: { type: 'integer', minimum: 1 },
      },
      Limit: {
        name: 'limit',
        in: 'query',
        description: 'Page size, at most 100',
        schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
      },
      Page: {
        name: 'page',
        in: 'query',
        description: '1-based page number',
        schema: { type: 'integer', minimum: 1, maximum: 1000000, default: 1 },
      },
    },
    headers: {
      Location: {
        description: 'URL of the created resource',
        schema: { type: 'string' },
      },
      ETag: {
        description: 'Weak validator of the body; send it back in `If-None-Match` to get a 304',
        schema: { type: 'string' },
      },
      NoStore: {
        description: 'Always `no-store`: tokens are never cached',
        schema: { type: 'string', const: 'no-store' },
      },
      RetryAfter: {
        description: 'Seconds to wait before retrying',
        schema: { type: 'integer', minimum: 0 },
      },
      Allow: {
        description: 'Methods the route supports',
        schema: { type: 'string' },
      },
      WwwAuthenticate: {
        description: 'Always starts with `Bearer`',
        schema: { type: 'string' },
      },
    },
    responses: {
      BadRequest: {
        description: 'Malformed JSON, or invalid path or query parameters',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      Unauthorized: {
        description: 'Missing, invalid or expired credentials',
        headers: { 'WWW-Authenticate': { $ref: '#/components/headers/WwwAuthenticate' } },
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      Forbidden: {
        description: 'Authenticated but not allowed',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      NotFound: {
        description: 'No such resource (or not visible to the caller)',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      MethodNotAllowed: {
        description: 'The route exists but not with this method',
        headers: { Allow: { $ref: '#/components/headers/Allow' } },
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      Conflict: {
        description: 'Unique constraint or invariant violated',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      PayloadTooLarge: {
        description: 'Body over the configured limit',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      UnsupportedMediaType: {
        description: 'The body is not application/json',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      ValidationFailed: {
        description: 'The body parsed but failed validation; `errors` lists each field',
        content: { 'application/problem+json': { schema: ref('ValidationProblem') } },
      },
      TooManyRequests: {
        description: 'Rate limited',
        headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } },
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
      ServiceUnavailable: {
        description: 'Not ready (database down or shutting down)',
        content: {
          'application/problem+json': { schema: ref('Problem') },
          'application/json': { schema: ref('Readiness') },
        },
      },
      InternalError: {
        description: 'Unexpected failure; no internals are revealed',
        content: { 'application/problem+json': { schema: ref('Problem') } },
      },
    },
    schemas: {
      Health: {
        type: 'object',
        required: ['status'],
        properties: { status: { const: 'ok' } },
      },
      Readiness: {
        type: 'object',
        required: ['status'],
        properties: {
          status: { type: 'string', examples: ['ready'] },
          checks: { type: 'object', additionalProperties: true },
        },
      },
      Role: { type: 'string', enum: ['admin', 'editor', 'user'] },
      User: {
        type: 'object',
        required: ['id', 'email', 'name', 'role', 'createdAt', 'updatedAt'],
        additionalProperties: false,
        properties: {
          id,
          email: { type: 'string', format: 'email', examples: ['ada@example.com'] },
          name: { type: 'string', examples: ['Ada Lovelace'] },
          role: ref('Role'),
          createdAt: timestamp,
          updatedAt: timestamp,
        },
      },
      Product: {
        type: 'object',
        required: ['id', 'name', 'description', 'priceCents', 'createdAt', 'updatedAt'],
        additionalProperties: false,
        properties: {
          id,
          name: { type: 'string', examples: ['Mechanical keyboard'] },
          description: { type: 'string', examples: ['Tenkeyless, brown switches'] },
          priceCents: { type: 'integer', minimum: 0, examples: [8999] },
          createdAt: timestamp,
          updatedAt: timestamp,
        },
      },
      Post: {
        type: 'object',
        required: ['id', 'title', 'body', 'status', 'authorId', 'createdAt', 'updatedAt'],
        additionalProperties: false,
        properties: {
          id,
          title: { type: 'string', examples: ['Hello'] },
          body: { type: 'string', examples: ['First post.'] },
          status: { type: 'string', enum: ['draft', 'published'] },
          authorId: id,
          createdAt: timestamp,
          updatedAt: timestamp,
        },
      },
      PageInfo: {
        type: 'object',
        description: 'Where this page sits in the whole list',
        required: ['page', 'limit', 'total', 'totalPages'],
        additionalProperties: false,
        properties: {
          page: { type: 'integer', minimum: 1 },
          limit: { type: 'integer', minimum: 1, maximum: 100 },
          total: { type: 'integer', minimum: 0, description: 'Items matching the query' },
          totalPages: { type: 'integer', minimum: 0 },
        },
      },
      TokenPair: {
        type: 'object',
        required: ['accessToken', 'refreshToken', 'tokenType', 'expiresIn'],
        additionalProperties: false,
        properties: {
          accessToken: { type: 'string', description: 'JWT (HS256)' },
          refreshToken: { type: 'string', description: 'Opaque, single use' },
          tokenType: { const: 'Bearer' },
          expiresIn: {
            type: 'integer',
            minimum: 1,
            maximum: 900,
            description: 'Access-token lifetime in seconds',
          },
        },
      },
      RegisterRequest: {
        type: 'object',
        required: ['email', 'password', 'name'],
        properties: {
          email: { type: 'string', format: 'email', maxLength: 254 },
          password,
          name: { type: 'string', minLength: 1, maxLength: 100 },
        },
      },
      LoginRequest: {
        type: 'object',
        required: ['email', 'password'],
        properties: {
          email: { type: 'string', format: 'email' },
          password: { type: 'string' },
        },
      },
      RefreshRequest: {
        type: 'object',
        required: ['refreshToken'],
        properties: { refreshToken: { type: 'string', minLength: 1 } },
      },
      UpdateMeRequest: {
        type: 'object',
        minProperties: 1,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 100 },
          password,
          currentPassword: {
            type: 'string',
            description: 'Required together with `password`',
          },
        },
      },
      ChangeRoleRequest: {
        type: 'object',
        required: ['role'],
        properties: { role: ref('Role') },
      },
      CreateProductRequest: {
        type: 'object',
        required: ['name', 'priceCents'],
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: 'string', maxLength: 5000 },
          priceCents: { type: 'integer', minimum: 0 },
        },
      },
      UpdateProductRequest: {
        type: 'object',
        minProperties: 1,
        properties: {
          name: { type: 'string', minLength: 1, maxLength: 200 },
          description: { type: 'string', maxLength: 5000 },
          priceCents: { type: 'integer', minimum: 0 },
        },
      },
      CreatePostRequest: {
        type: 'object',
        required: ['title', 'body'],
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 200 },
          body: { type: 'string', minLength: 1, maxLength: 50000 },
          status: { type: 'string', enum: ['draft', 'published'], default: 'draft' },
        },
      },
      UpdatePostRequest: {
        type: 'object',
        minProperties: 1,
        properties: {
          title: { type: 'string', minLength: 1, maxLength: 200 },
          body: { type: 'string', minLength: 1, maxLength: 50000 },
          status: { type: 'string', enum: ['draft', 'published'] },
        },
      },
      Problem: {
        type: 'object',
        description: 'RFC 9457 problem details, plus the request id',
        required: ['type', 'title', 'status', 'detail', 'instance', 'requestId'],
        properties: {
          type: { type: 'string', examples: ['about:blank'] },
          title: { type: 'string', examples: ['Not Found'] },
          status: { type: 'integer', minimum: 400, maximum: 599 },
          detail: { type: 'string' },
          instance: { type: 'string', examples: ['/api/v1/products/42'] },
          requestId: { type: 'string' },
          errors: { type: 'array', items: ref('FieldError') },
        },
      },
      ValidationProblem: {
        allOf: [
          ref('Problem'),
          {
            type: 'object',
            required: ['errors'],
            properties: { errors: { type: 'array', minItems: 1 } },
          },
        ],
      },
      FieldError: {
        type: 'object',
        required: ['location', 'field', 'message'],
        additionalProperties: false,
        properties: {
          location: { type: 'string', enum: ['body', 'query', 'params', 'headers'] },
          field: { type: 'string', examples: ['email'] },
          message: { type: 'string', examples: ['must be a valid email address'] },
        },
      },
    },
  },
};

const BODY_METHODS = new Set(['post', 'put', 'patch']);

/**
 * Responses every /api/v1 operation shares, added here instead of in each operation: the
 * general per-client rate limit (429) and, for operations with a JSON body, malformed JSON
 * (400), an oversize body (413) and a wrong media type (415).
 */
function withApiDefaults<T extends typeof definition>(doc: T): T {
  for (const [path, item] of Object.entries(doc.paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const [method, operation] of Object.entries(item as Record<string, JsonObject>)) {
      if (method === 'parameters') continue;
      const responses = operation['responses'] as Record<string, Json>;
      const defaults: Record<string, string> = { '429': 'TooManyRequests' };
      if (BODY_METHODS.has(method) && operation['requestBody']) {
        Object.assign(defaults, {
          '400': 'BadRequest',
          '413': 'PayloadTooLarge',
          '415': 'UnsupportedMediaType',
        });
      }
      for (const [status, name] of Object.entries(defaults)) responses[status] ??= response(name);
      operation['responses'] = Object.fromEntries(
        Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)),
      );
    }
  }
  return doc;
}

export const openApiDocument = withApiDefaults(definition);

export type OpenApiDocument = typeof openApiDocument;
export type { Json, JsonObject };
