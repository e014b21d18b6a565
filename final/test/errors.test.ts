import request from 'supertest';
import type express from 'express';
import { createApp } from '../src/app';
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
