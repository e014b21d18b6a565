import express from 'express';
import request from 'supertest';
import { createApp } from '../src/app';
import { errorHandler } from '../src/core/errors/error-handler';
import { createLogger } from '../src/core/logging/logger';
import type { ProductsService } from '../src/modules/products/products.service';
import { bearer, createTestApp, type TestApp, expectProblem, signIn } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('error responses', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send('{"email": "a@example.com",');
    expectProblem(res, 400);
    expect(res.body.detail).toMatch(/not valid JSON/);
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .set('Content-Type', 'text/plain')
      .send('email=a@example.com');
    expectProblem(res, 415);
  });

  it('answers a form-encoded body with 415', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .type('form')
      .send({ email: 'a@example.com', password: 'x' });
    expectProblem(res, 415);
  });

  it('answers a body over the limit with 413', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ name: 'x'.repeat(t.config.bodyLimitBytes + 1) }));
    expectProblem(res, 413);
  });

  it('answers a parsed but invalid body with 422 and one error per field', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/register')
      .send({ email: 'not-an-email', password: 'short', name: 42 });
    expectProblem(res, 422);
    const fields = (res.body.errors as { field: string; location: string }[]).map((e) => e.field);
    expect(fields.sort()).toEqual(['email', 'name', 'password']);
    expect(res.body.errors[0]).toEqual(
      expect.objectContaining({ location: 'body', message: expect.any(String) }),
    );
  });

  it('answers a JSON array body with 422', async () => {
    const res = await request(t.app).post('/api/v1/auth/login').send([1, 2]);
    expectProblem(res, 422);
  });

  it('answers an invalid path parameter with 400 and the field', async () => {
    const res = await request(t.app).get('/api/v1/products/abc');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([expect.objectContaining({ location: 'params', field: 'id' })]);
  });

  it('answers a path that is not valid percent-encoding with 400, not 500', async () => {
    const res = await request(t.app).get('/api/v1/products/%E0%A4%A');
    expectProblem(res, 400);
  });

  it('answers an invalid query parameter with 400', async () => {
    const res = await request(t.app).get('/api/v1/products?limit=ten');
    expectProblem(res, 400);
    expect(res.body.errors[0]).toEqual(
      expect.objectContaining({ location: 'query', field: 'limit' }),
    );
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await request(t.app).get('/api/v1/nothing-here');
    expectProblem(res, 404);
    expect(res.body.instance).toBe('/api/v1/nothing-here');
  });

  it('answers a wrong method on a known route with 405 and an Allow header', async () => {
    const res = await request(t.app).put('/api/v1/products');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, POST, HEAD');
  });

  it('answers 405 with Allow on operational routes too', async () => {
    const res = await request(t.app).delete('/health');
    expectProblem(res, 405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('answers a plain OPTIONS request with the allowed methods', async () => {
    const res = await request(t.app).options('/api/v1/products/1');
    expect(res.status).toBe(204);
    expect(res.headers.allow).toBe('GET, PATCH, DELETE, HEAD, OPTIONS');
  });

  it('maps a unique-constraint violation to 409', async () => {
    const editor = await signIn(t, 'editor');
    const product = { name: 'Unique Lamp', priceCents: 1000 };
    await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send(product)
      .expect(201);
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ ...product, name: 'unique lamp' });
    expectProblem(res, 409);
  });
});

describe('unexpected errors', () => {
  let failing: TestApp;
  let app: express.Express;
  beforeAll(async () => {
    failing = await createTestApp({ env: { LOG_LEVEL: 'error' } });
    // A products service whose list fails the way a broken query would.
    const products: ProductsService = Object.assign(Object.create(failing.deps.services.products), {
      list: async () => {
        throw new TypeError('SqliteError: no such column: secret_column in SELECT * FROM products');
      },
    });
    app = createApp({ ...failing.deps, services: { ...failing.deps.services, products } });
  });
  afterAll(() => failing.close());

  it('answers 500 without stack, SQL or library error names', async () => {
    const res = await request(app).get('/api/v1/products');
    expectProblem(res, 500);
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/SELECT|Sqlite|TypeError|secret_column|stack|at /);
    expect(res.body.detail).toBe('An unexpected error occurred');
  });

  it('logs the full error with its stack on the server', async () => {
    const res = await request(app).get('/api/v1/products');
    const line = failing.logs.find(
      (l) => l['msg'] === 'unhandled error' && l['requestId'] === res.body.requestId,
    );
    expect(line).toBeDefined();
    expect(JSON.stringify(line)).toMatch(/secret_column/);
    expect((line as { error: { stack: string } }).error.stack).toMatch(/TypeError/);
  });
});

describe('problem types: field errors travel under a type this API defines and documents', () => {
  it('answers invalid parameters with /problems/invalid-parameters (400) and a body with /problems/invalid-body (422)', async () => {
    const params = await request(t.app).get('/api/v1/products?limit=0');
    expectProblem(params, 400);
    expect(params.body).toEqual(
      expect.objectContaining({
        type: '/problems/invalid-parameters',
        title: 'Invalid path or query parameters',
      }),
    );
    const body = await request(t.app).post('/api/v1/auth/login').send({ email: 'x' });
    expectProblem(body, 422);
    expect(body.body).toEqual(
      expect.objectContaining({ type: '/problems/invalid-body', title: 'Invalid request body' }),
    );
  });

  it('keeps about:blank, and no errors member, for a problem without field errors', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .set('Content-Type', 'application/json')
      .send('{"email":');
    expectProblem(res, 400);
    expect(res.body.type).toBe('about:blank');
    expect(res.body.title).toBe('Bad Request');
    expect(res.body).not.toHaveProperty('errors');
  });

  it('documents each type where its URI points, 404 for an unknown one, 405 for another method', async () => {
    for (const [name, status] of [
      ['invalid-parameters', 400],
      ['invalid-body', 422],
    ] as const) {
      const res = await request(t.app).get(`/problems/${name}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toContain(`Used with HTTP status ${status}`);
    }
    expectProblem(await request(t.app).get('/problems/not-a-type'), 404);
    const post = await request(t.app).post('/problems/invalid-body');
    expectProblem(post, 405);
    expect(post.headers['allow']).toBe('GET, HEAD');
  });
});

describe('an error after the response started', () => {
  it('cuts the connection, so the client cannot take a truncated body for a whole one, and logs the error once', async () => {
    const logs: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', sink: (line) => logs.push(JSON.parse(line)) });
    const failure = new Error('the export failed half way');
    const app = express();
    app.get('/export', (_req, res) => {
      res.status(200).type('text/csv');
      res.write('id,total\n1,');
      throw failure;
    });
    app.use(errorHandler(logger));
    const seen = await request(app)
      .get('/export')
      .then(
        (res) => `a complete ${res.status} response`,
        () => 'the connection was cut',
      );
    expect(seen).toBe('the connection was cut');
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      logs.map((line) => [line['msg'], (line['error'] as { message?: string })?.message]),
    ).toEqual([['error after the response started', 'the export failed half way']]);
  });
});
