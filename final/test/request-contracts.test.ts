import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { AppError } from '../src/core/errors/app-error';
import type { Shape } from '../src/core/http/fields';
import { type Contract, validate } from '../src/core/http/validate';
import * as authContracts from '../src/modules/auth/auth.validation';
import * as postsContracts from '../src/modules/posts/posts.validation';
import * as productsContracts from '../src/modules/products/products.validation';
import * as usersContracts from '../src/modules/users/users.validation';
import { bearer, createTestApp, expectProblem, signIn, type TestApp } from './helpers/test-app';

// The promises every route's contract keeps, proven on the real contracts and the real app:
// authorization before body validation, one value per scalar field, a busy database answered
// with 503 + Retry-After, and an undecodable path answered with 400.

const CONTRACTS: Record<string, unknown> = {
  ...prefixed('auth', authContracts),
  ...prefixed('users', usersContracts),
  ...prefixed('products', productsContracts),
  ...prefixed('posts', postsContracts),
};

function prefixed(module: string, exports: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(exports).map(([name, value]) => [`${module}.${name}`, value]),
  );
}

function isContract(value: unknown): value is Contract {
  return (
    typeof value === 'object' &&
    value !== null &&
    ('body' in value || 'query' in value || 'params' in value)
  );
}

/** Every (contract, field) pair of one location, named for the test title. */
function fieldsAt(location: 'body' | 'query'): [string, Contract, string][] {
  const found: [string, Contract, string][] = [];
  for (const [name, value] of Object.entries(CONTRACTS)) {
    if (!isContract(value)) continue;
    const shape: Shape | undefined = value[location];
    for (const field of Object.keys(shape ?? {})) found.push([`${name} ${field}`, value, field]);
  }
  return found;
}

/** `/1` per path parameter of the contract: valid ids, so only the field under test fails. */
function urlFor(contract: Contract, query = ''): string {
  return `${Object.keys(contract.params ?? {})
    .map(() => '/1')
    .join('')}/${query}`;
}

/** The contract alone in an app whose error handler echoes status and field errors. */
function appFor(contract: Contract) {
  const app = express();
  app.use(express.json());
  const params = Object.keys(contract.params ?? {}).map((name) => `/:${name}`);
  app.all(`${params.join('')}/`, validate(contract), (_req, res) => {
    res.json({ ok: true });
  });
  const echo: ErrorRequestHandler = (error, _req, res, _next) => {
    res.status(error instanceof AppError ? error.status : 500).json(error);
  };
  app.use(echo);
  return app;
}

describe('every scalar field of every route takes exactly one value', () => {
  it.each(fieldsAt('body'))(
    'body %s refuses an array and an object (422)',
    async (_title, contract, field) => {
      for (const value of [['admin'], { value: 'admin' }]) {
        const res = await request(appFor(contract))
          .post(urlFor(contract))
          .send({ [field]: value });
        expect(res.status).toBe(422);
        expect(res.body.fieldErrors).toContainEqual(
          expect.objectContaining({ location: 'body', field }),
        );
      }
    },
  );

  it.each(fieldsAt('query'))(
    'query %s refuses a repeated parameter (400)',
    async (_title, contract, field) => {
      const res = await request(appFor(contract)).get(urlFor(contract, `?${field}=1&${field}=2`));
      expect(res.status).toBe(400);
      expect(res.body.fieldErrors).toContainEqual({
        location: 'query',
        field,
        message: `${field} must be given once`,
      });
    },
  );

  it('finds the contracts it checks', () => {
    expect(fieldsAt('body').length).toBeGreaterThan(15);
    expect(fieldsAt('query').length).toBeGreaterThan(5);
  });
});

describe('the contracts on the running API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('refuses {"role": ["admin"]} on PATCH /users/:userId/role, and the role stays', async () => {
    const admin = await signIn(t, 'admin');
    const user = await signIn(t, 'user');
    const res = await request(t.app)
      .patch(`/api/v1/users/${user.id}/role`)
      .set('Authorization', bearer(admin))
      .send({ role: ['admin'] });
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([
      { location: 'body', field: 'role', message: 'role must be one of admin, editor, user' },
    ]);
    const me = await request(t.app).get('/api/v1/users/me').set('Authorization', bearer(user));
    expect(me.body.role).toBe('user');
  });

  it('answers a non-owner 403 before looking at the body it sent', async () => {
    const author = await signIn(t, 'user', 'author');
    const stranger = await signIn(t, 'user', 'stranger');
    const post = await request(t.app)
      .post('/api/v1/posts')
      .set('Authorization', bearer(author))
      .send({ title: 'Mine', body: 'Text', status: 'published' })
      .expect(201);
    for (const body of [{ title: ['x'] }, {}, { status: 'archived' }]) {
      const res = await request(t.app)
        .patch(`/api/v1/posts/${post.body.id}`)
        .set('Authorization', bearer(stranger))
        .send(body);
      expectProblem(res, 403);
      expect(res.body.errors).toBeUndefined();
    }
    // The author with the same invalid body learns what is wrong with it.
    const own = await request(t.app)
      .patch(`/api/v1/posts/${post.body.id}`)
      .set('Authorization', bearer(author))
      .send({ title: ['x'] });
    expectProblem(own, 422);
  });

  it("answers 404, not 422, for an invalid change to someone else's draft", async () => {
    const author = await signIn(t, 'user', 'drafter');
    const stranger = await signIn(t, 'user', 'snoop');
    const draft = await request(t.app)
      .post('/api/v1/posts')
      .set('Authorization', bearer(author))
      .send({ title: 'Secret', body: 'Text' })
      .expect(201);
    const res = await request(t.app)
      .delete(`/api/v1/posts/${draft.body.id}`)
      .set('Authorization', bearer(stranger));
    expectProblem(res, 404);
    const patched = await request(t.app)
      .patch(`/api/v1/posts/${draft.body.id}`)
      .set('Authorization', bearer(stranger))
      .send({ status: 'nope' });
    expectProblem(patched, 404);
  });

  it.each(['/api/v1/products/%E0%A4%A', '/api/v1/products/%ZZ', '/api/v1/users/%C3%28/role'])(
    'answers an undecodable path escape (%s) with 400 problem+json',
    async (url) => {
      const res = await request(t.app).get(url);
      expectProblem(res, 400);
      expect(res.body.detail).toBe('Bad Request');
      expect(JSON.stringify(res.body)).not.toMatch(/URIError|decode/i);
    },
  );
});

describe('a database locked past the busy timeout', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'busy-'));
  const file = path.join(dir, 'app.db');
  let t: TestApp;
  let editor: { accessToken: string };
  let other: BetterSqlite3.Database;

  beforeAll(async () => {
    t = await createTestApp({
      env: { DB_PATH: file, DB_BUSY_TIMEOUT_MS: '50', LOG_LEVEL: 'warn' },
    });
    editor = await signIn(t, 'editor');
    // Another process's connection (a migration, a backup, a shell) takes the write lock.
    other = new BetterSqlite3(file);
    other.exec('BEGIN IMMEDIATE');
  });
  afterAll(async () => {
    if (other.inTransaction) other.exec('ROLLBACK');
    other.close();
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers a write with 503 and Retry-After, and logs the cause chain', async () => {
    const res = await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ name: 'Lamp', priceCents: 4000 });
    expectProblem(res, 503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.body.detail).toBe('The database is busy; try again shortly');
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|sqlite|locked/);

    const line = t.logs.find((l) => l['requestId'] === res.body.requestId && l['level'] === 'warn');
    expect(line).toEqual(
      expect.objectContaining({
        error: expect.objectContaining({
          name: 'ServiceUnavailableError',
          cause: expect.objectContaining({
            name: 'DatabaseBusyError',
            cause: expect.objectContaining({ code: 'SQLITE_BUSY' }),
          }),
        }),
      }),
    );
  });

  it('keeps reading while another connection holds the write lock (WAL)', async () => {
    await request(t.app).get('/api/v1/products').expect(200);
    await request(t.app).get('/ready').expect(200);
  });

  it('accepts the same write once the lock is released', async () => {
    other.exec('ROLLBACK');
    await request(t.app)
      .post('/api/v1/products')
      .set('Authorization', bearer(editor))
      .send({ name: 'Lamp', priceCents: 4000 })
      .expect(201);
  });
});

describe('validate(contract)', () => {
  it('hands every route that declares a contract the one middleware built for it', () => {
    const built = validate(productsContracts.createProduct);
    // A test suite builds an app per test: each would otherwise build the chains again.
    expect(validate(productsContracts.createProduct)).toBe(built);
    expect(validate({ ...productsContracts.createProduct })).not.toBe(built);
  });
});
