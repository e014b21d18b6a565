// Builds OpenAPI 3.1 operations from the same contracts the routes validate with, so the
// document cannot drift from the validators: a field's limits, its default and whether it is
// required are written once, in the module's `<feature>.validation.ts`. Each module describes
// its own routes in `<feature>.openapi.ts` with these builders; modules/docs/openapi.ts
// assembles the document and holds the components the operations refer to.
import { type Shape, objectSchema } from './fields';
import type { Contract, Rule } from './validate';

/** A piece of the OpenAPI document: plain JSON data. */
export type OpenApiObject = { readonly [key: string]: unknown };

/** The operations of one module, by path relative to where its router is mounted. */
export type OpenApiPaths = {
  readonly [path: string]: { readonly [method: string]: OpenApiObject };
};

export type HttpMethod = 'get' | 'post' | 'patch' | 'delete';

export const schemaRef = (name: string): OpenApiObject => ({
  $ref: `#/components/schemas/${name}`,
});
export const headerRef = (name: string): OpenApiObject => ({
  $ref: `#/components/headers/${name}`,
});

/** A JSON response with its schema. */
export function jsonResponse(
  description: string,
  schema: OpenApiObject,
  headers: Record<string, OpenApiObject> = {},
): OpenApiObject {
  return { description, headers, content: { 'application/json': { schema } } };
}

/** A response without a body (204, 304). */
export function emptyResponse(
  description: string,
  headers: Record<string, OpenApiObject> = {},
): OpenApiObject {
  return { description, headers };
}

/** An error answer: application/problem+json (RFC 9457). */
export function problemResponse(
  description: string,
  headers: Record<string, OpenApiObject> = {},
  schema = 'Problem',
): OpenApiObject {
  return {
    description,
    headers,
    content: { 'application/problem+json': { schema: schemaRef(schema) } },
  };
}

/** `{ data: [...], page: {...} }`: one page of a list. */
export function pageOf(item: OpenApiObject): OpenApiObject {
  return {
    type: 'object',
    required: ['data', 'page'],
    additionalProperties: false,
    properties: { data: { type: 'array', items: item }, page: schemaRef('PageInfo') },
  };
}

export interface OperationSpec {
  readonly tag: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  /** What the route accepts: its path and query parameters and its JSON body. */
  readonly contract?: Contract;
  /**
   * `public`: no token; `optional`: public, but a token (checked if sent) changes the answer;
   * `bearer`: an access token is required.
   */
  readonly auth: 'public' | 'optional' | 'bearer';
  /** A permission guard or an ownership policy may refuse the caller (403). */
  readonly forbidden?: string;
  /** The resource the path names may not exist, or not be visible to the caller (404). */
  readonly notFound?: string;
  /** Request headers the handler reads (`If-Match`), as OpenAPI header parameters. */
  readonly headers?: readonly OpenApiObject[];
  /** The successes and the errors only this operation has (409, ...). */
  readonly responses: Readonly<Record<string, OpenApiObject>>;
}

/**
 * An operation of the versioned API. Besides `spec.responses` it documents every answer the
 * shared middleware can give, as that middleware gives it:
 * - every response carries the RateLimit and RateLimit-Policy headers (the general limit runs
 *   first on /api/v1), and 429 carries Retry-After;
 * - 400 for invalid path or query parameters, or a body that is not JSON;
 * - 401 (with WWW-Authenticate) where a token is required or, if sent, checked;
 * - 403 and 404 as the spec says; 413, 415 and 422 for operations with a body;
 * - 503 with Retry-After when the database cannot take the work in time: on SQLite a write
 *   whose lock stayed taken past the busy timeout; on PostgreSQL any operation, when the
 *   server is unreachable, the pool has no connection in time, or a statement times out;
 * - 500 for anything unexpected, without internals.
 *
 * `_method` stays in the signature: the shared answers no longer depend on it (503 included).
 */
export function apiOperation(_method: HttpMethod, spec: OperationSpec): OpenApiObject {
  const { contract } = spec;
  const hasBody = contract?.body !== undefined;
  const responses: Record<string, OpenApiObject> = {};
  for (const [status, response] of Object.entries(spec.responses)) {
    responses[status] = withHeaders(response, RATE_LIMITED);
  }
  const add = (status: string, response: OpenApiObject) => {
    responses[status] ??= response;
  };

  if (hasBody) add('400', responseRef('ApiMalformed'));
  else if (contract?.params !== undefined || contract?.query !== undefined) {
    add('400', responseRef('ApiBadParameters'));
  }
  if (spec.auth === 'bearer') add('401', responseRef('ApiUnauthenticated'));
  if (spec.auth === 'optional') add('401', responseRef('ApiBadToken'));
  if (spec.forbidden !== undefined) add('403', problemResponse(spec.forbidden, RATE_LIMITED));
  if (spec.notFound !== undefined) add('404', problemResponse(spec.notFound, RATE_LIMITED));
  if (hasBody) {
    add('413', responseRef('ApiTooLarge'));
    add('415', responseRef('ApiUnsupportedMediaType'));
    add('422', responseRef('ApiInvalidBody'));
  }
  add('429', responseRef('ApiTooManyRequests'));
  add('500', responseRef('ApiInternalError'));
  // Every operation reaches the database: on PostgreSQL a read can find it unreachable too.
  add('503', responseRef('ApiDatabaseBusy'));

  return {
    tags: [spec.tag],
    operationId: spec.operationId,
    summary: spec.summary,
    ...(describe(spec) === undefined ? {} : { description: describe(spec) }),
    security: securityOf(spec.auth),
    ...parametersOf(contract, spec.headers),
    ...(hasBody ? { requestBody: requestBodyOf(contract) } : {}),
    responses: sortedByStatus(responses),
  };
}

/** The headers every response of the versioned API carries: the general limit runs first. */
const RATE_LIMITED = {
  RateLimit: headerRef('RateLimit'),
  'RateLimit-Policy': headerRef('RateLimitPolicy'),
};
const RETRY = { ...RATE_LIMITED, 'Retry-After': headerRef('RetryAfter') };

const responseRef = (name: string): OpenApiObject => ({ $ref: `#/components/responses/${name}` });

/**
 * The answers the shared middleware gives on every API route, as components the operations
 * refer to (modules/docs/openapi.ts puts them in the document).
 */
export const apiResponses = {
  ApiBadParameters: problemResponse(
    'A path or query parameter is invalid; `errors` names each one',
    RATE_LIMITED,
    'InvalidParametersProblem',
  ),
  ApiMalformed: problemResponse(
    'The body is not valid JSON (`about:blank`), or a path or query parameter is invalid (`/problems/invalid-parameters`: `errors` names each one)',
    RATE_LIMITED,
  ),
  ApiUnauthenticated: problemResponse('No access token, or an invalid or expired one', {
    ...RATE_LIMITED,
    'WWW-Authenticate': headerRef('WwwAuthenticate'),
  }),
  ApiBadToken: problemResponse('An access token was sent but is invalid or expired', {
    ...RATE_LIMITED,
    'WWW-Authenticate': headerRef('WwwAuthenticate'),
  }),
  ApiTooLarge: problemResponse('The body is larger than the configured limit', RATE_LIMITED),
  ApiUnsupportedMediaType: problemResponse(
    'The body is not application/json (UTF-8)',
    RATE_LIMITED,
  ),
  ApiInvalidBody: problemResponse(
    'The body is JSON but breaks the contract; `errors` names each field',
    RATE_LIMITED,
    'InvalidBodyProblem',
  ),
  ApiTooManyRequests: problemResponse(
    'Too many requests from this client; retry after Retry-After seconds',
    RETRY,
  ),
  ApiInternalError: problemResponse(
    'An unexpected failure; the body reveals no internals',
    RATE_LIMITED,
  ),
  ApiDatabaseBusy: problemResponse(
    'The database could not take the work in time (another writer held its lock past the busy timeout, or the database server is unreachable, out of connections or timed the statement out); nothing was written',
    RETRY,
  ),
  InternalError: problemResponse('An unexpected failure; the body reveals no internals'),
};

/**
 * An operational endpoint (/health, /docs, /problems): outside the API's rate limit and
 * middleware.
 */
export function plainOperation(
  spec: Omit<OperationSpec, 'auth' | 'contract' | 'forbidden' | 'notFound' | 'headers'> & {
    readonly security?: readonly OpenApiObject[];
    readonly parameters?: readonly OpenApiObject[];
  },
): OpenApiObject {
  return {
    tags: [spec.tag],
    operationId: spec.operationId,
    summary: spec.summary,
    ...(spec.description === undefined ? {} : { description: spec.description }),
    security: spec.security ?? [],
    ...(spec.parameters === undefined ? {} : { parameters: spec.parameters }),
    responses: sortedByStatus({ ...spec.responses, '500': responseRef('InternalError') }),
  };
}

/**
 * A module's paths under the prefix its router is mounted at, with Express's `:id` written
 * as OpenAPI's `{id}`.
 */
export function mountPaths(prefix: string, paths: OpenApiPaths): OpenApiPaths {
  const mounted: Record<string, OpenApiPaths[string]> = {};
  for (const [path, item] of Object.entries(paths)) {
    const full = path === '/' && prefix !== '' ? prefix : `${prefix}${path}`;
    mounted[full.replace(/:([A-Za-z0-9_]+)/g, '{$1}')] = item;
  }
  return mounted;
}

function withHeaders(
  response: OpenApiObject,
  headers: Record<string, OpenApiObject>,
): OpenApiObject {
  const own = response['headers'];
  return { ...response, headers: { ...headers, ...(isObject(own) ? own : {}) } };
}

function securityOf(auth: OperationSpec['auth']): OpenApiObject[] {
  if (auth === 'public') return [];
  if (auth === 'optional') return [{}, { bearerAuth: [] }];
  return [{ bearerAuth: [] }];
}

/** The operation's description, plus the rules across query fields the validators enforce. */
function describe(spec: OperationSpec): string | undefined {
  const rules = (spec.contract?.rules ?? []).filter((r) => r.location === 'query');
  const lines = [spec.description, ...rules.map((r) => `Also checked: ${r.message}.`)];
  const text = lines.filter((line) => line !== undefined).join('\n\n');
  return text === '' ? undefined : text;
}

function parametersOf(
  contract: Contract | undefined,
  headers: readonly OpenApiObject[] = [],
): { parameters?: OpenApiObject[] } {
  const parameters = [
    ...parameterList(contract?.params, 'path'),
    ...parameterList(contract?.query, 'query'),
    ...headers,
  ];
  return parameters.length === 0 ? {} : { parameters };
}

function parameterList(shape: Shape | undefined, where: 'path' | 'query'): OpenApiObject[] {
  return Object.entries(shape ?? {}).map(([name, declared]) => {
    const { description, ...schema } = declared.schema;
    return {
      name,
      in: where,
      required: where === 'path' || declared.required,
      ...(typeof description === 'string' ? { description } : {}),
      schema,
    };
  });
}

function requestBodyOf(contract: Contract | undefined): OpenApiObject {
  const rules = (contract?.rules ?? []).filter(
    (r): r is Rule & { schema: OpenApiObject } => r.location === 'body' && r.schema !== undefined,
  );
  const schema = objectSchema(contract?.body ?? {});
  return {
    required: true,
    content: {
      'application/json': {
        schema: rules.length === 0 ? schema : { ...schema, allOf: rules.map((r) => r.schema) },
      },
    },
  };
}

function sortedByStatus(responses: Record<string, OpenApiObject>): Record<string, OpenApiObject> {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

function isObject(value: unknown): value is Record<string, OpenApiObject> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
