import type { Request, RequestHandler, Response } from 'express';
import request from 'supertest';
import { AppError } from '../src/core/errors/app-error';
import { type AuthenticatedUser, createAuthGuards } from '../src/core/security/authenticate';
import type { AccessTokens } from '../src/core/security/jwt';
import { PERMISSIONS, type Permission } from '../src/core/security/permissions';
import {
  ADMIN,
  DEMO_USERS,
  EDITOR,
  recordingLogger,
  signIn,
  testApp,
  testDatabase,
} from './helpers';
import { changedTable, testAppWithPermissions } from './permission-table';

const USER = DEMO_USERS[2].email;

/** A product and an account no test has touched: a DELETE that is let through finds them. */
function freshTargets(db: ReturnType<typeof testDatabase>, tag: string) {
  const at = '2026-02-01T00:00:00.000Z';
  const product = db
    .prepare(`INSERT INTO products (name, description, price_cents, created_at, updated_at)
              VALUES (?, '', 100, ?, ?) RETURNING id`)
    .get(`Spare part ${tag}`, at, at) as { id: number };
  const account = db
    .prepare(`INSERT INTO users (email, name, password_hash, role, created_at, updated_at)
              VALUES (?, ?, 'not a hash', 'user', ?, ?) RETURNING id`)
    .get(`${tag}@example.com`, tag, at, at) as { id: number };
  return { productId: product.id, userId: account.id };
}

/** What a guard did with a request: let it through, or refuse it with an error. */
async function outcome(guard: RequestHandler, auth: AuthenticatedUser | undefined) {
  const req = { auth, get: () => undefined } as unknown as Request;
  let result: unknown = 'neither called next() nor threw';
  const next = (error?: unknown) => {
    result = error === undefined ? 'let through (next())' : refusal(error);
  };
  try {
    await guard(req, {} as Response, next);
  } catch (error) {
    result = refusal(error);
  }
  return result;
}

function refusal(error: unknown) {
  if (!(error instanceof AppError)) return `refused with ${String(error)}, not an AppError`;
  const challenge = error.headers['WWW-Authenticate'];
  return challenge === undefined
    ? { status: error.status }
    : { status: error.status, 'WWW-Authenticate': challenge.split(' ')[0] };
}

/** The status of each request, keyed "role METHOD path" so a failure reads as a table. */
async function statuses(
  sends: Record<string, (auth: string) => request.Test>,
  as: Record<string, string>,
) {
  const seen: Record<string, number> = {};
  for (const [key, send] of Object.entries(sends)) {
    const [role] = key.split(' ');
    const auth = as[role ?? ''];
    if (auth === undefined) throw new Error(`no session for ${key}`);
    seen[key] = (await send(auth)).status;
  }
  return seen;
}

describe('routes ask the permission table, with the caller’s current role', () => {
  it('refuses with 403 what the caller’s role does not grant, and lets the rest through', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    const as = {
      user: await signIn(app, USER),
      editor: await signIn(app, EDITOR),
      admin: await signIn(app, ADMIN),
    };
    const sends: Record<string, (auth: string) => request.Test> = {};
    for (const role of ['user', 'editor', 'admin'] as const) {
      const { productId, userId } = freshTargets(db, `${role}-target`);
      const send =
        (method: 'get' | 'post' | 'patch' | 'delete', path: string, body?: object) =>
        (auth: string) => {
          const req = request(app)[method](`/api/v1${path}`).set('Authorization', auth);
          return body === undefined ? req : req.send(body);
        };
      sends[`${role} POST /products`] = send('post', '/products', {
        name: `Lamp by ${role}`,
        priceCents: 2500,
      });
      sends[`${role} PATCH /products/:id`] = send('patch', `/products/${productId}`, {
        priceCents: 999,
      });
      sends[`${role} DELETE /products/:id`] = send('delete', `/products/${productId}`);
      sends[`${role} GET /users`] = send('get', '/users');
      sends[`${role} PATCH /users/:id/role`] = send('patch', `/users/${userId}/role`, {
        role: 'editor',
      });
      sends[`${role} DELETE /users/:id`] = send('delete', `/users/${userId}`);
      sends[`${role} POST /posts`] = send('post', '/posts', { title: 'Hello', body: role });
    }
    const seen = await statuses(sends, as);
    expect(seen).toEqual({
      'user POST /products': 403,
      'user PATCH /products/:id': 403,
      'user DELETE /products/:id': 403,
      'user GET /users': 403,
      'user PATCH /users/:id/role': 403,
      'user DELETE /users/:id': 403,
      'user POST /posts': 201,
      'editor POST /products': 201,
      'editor PATCH /products/:id': 200,
      'editor DELETE /products/:id': 403,
      'editor GET /users': 403,
      'editor PATCH /users/:id/role': 403,
      'editor DELETE /users/:id': 403,
      'editor POST /posts': 201,
      'admin POST /products': 201,
      'admin PATCH /products/:id': 200,
      'admin DELETE /products/:id': 204,
      'admin GET /users': 200,
      'admin PATCH /users/:id/role': 200,
      'admin DELETE /users/:id': 204,
      'admin POST /posts': 201,
    });
    // A refusal is a problem document like every other error.
    const refused = await request(app).delete('/api/v1/products/1').set('Authorization', as.editor);
    expect({ status: refused.status, type: refused.type }).toEqual({
      status: 403,
      type: 'application/problem+json',
    });
  });

  it('refuses by itself: 401 without a caller, 403 when the role lacks the permission', async () => {
    const tokens: AccessTokens = {
      issue: () => {
        throw new Error('the guard should not issue tokens');
      },
      verify: () => {
        throw new Error('the guard should not verify tokens: authenticate did that');
      },
    };
    const callers = {
      findCaller: async () => {
        throw new Error('the guard should not look callers up: authenticate did that');
      },
    };
    const guards = createAuthGuards({ tokens, callers, logger: recordingLogger() });
    const readUsers = guards.requirePermission('users:read');
    const deleteProducts = guards.requirePermission('products:delete');
    const updateProducts = guards.requirePermission('products:update');
    expect({
      '1. users:read, nobody authenticated (no authenticate in front of the guard)': await outcome(
        readUsers,
        undefined,
      ),
      '2. users:read, a user': await outcome(readUsers, { id: 3, role: 'user' }),
      '3. products:delete, an editor': await outcome(deleteProducts, { id: 2, role: 'editor' }),
      '4. products:update, an editor': await outcome(updateProducts, { id: 2, role: 'editor' }),
      '5. users:read, an admin': await outcome(readUsers, { id: 1, role: 'admin' }),
    }).toEqual({
      '1. users:read, nobody authenticated (no authenticate in front of the guard)': {
        status: 401,
        'WWW-Authenticate': 'Bearer',
      },
      '2. users:read, a user': { status: 403 },
      '3. products:delete, an editor': { status: 403 },
      '4. products:update, an editor': 'let through (next())',
      '5. users:read, an admin': 'let through (next())',
    });
  });

  it('reads the role on every request: a promotion and a demotion apply to tokens issued before them', async () => {
    const app = await testApp();
    const admin = await signIn(app, ADMIN);
    const linus = await signIn(app, USER);
    const grace = await signIn(app, EDITOR);
    const create = (auth: string, name: string) =>
      request(app)
        .post('/api/v1/products')
        .set('Authorization', auth)
        .send({ name, priceCents: 1 });
    const setRole = (id: number, role: string) =>
      request(app).patch(`/api/v1/users/${id}/role`).set('Authorization', admin).send({ role });

    const linusBefore = (await create(linus, 'Linus, still a user')).status;
    const graceBefore = (await create(grace, 'Grace, still an editor')).status;
    const promoted = (await setRole(DEMO_USERS[2].id, 'editor')).status;
    const demoted = (await setRole(DEMO_USERS[1].id, 'user')).status;
    expect({
      '1. Linus (user) creates a product': linusBefore,
      '2. Grace (editor) creates a product': graceBefore,
      '3. the admin makes Linus an editor and Grace a user': [promoted, demoted],
      '4. Linus, same token as in 1': (await create(linus, 'Linus, now an editor')).status,
      '5. Grace, same token as in 2': (await create(grace, 'Grace, now a user')).status,
    }).toEqual({
      '1. Linus (user) creates a product': 403,
      '2. Grace (editor) creates a product': 201,
      '3. the admin makes Linus an editor and Grace a user': [200, 200],
      '4. Linus, same token as in 1': 201,
      '5. Grace, same token as in 2': 403,
    });
  });

  it('decides from the permission table: change the table, and the routes follow', async () => {
    // The same app, loaded with a table in which users may create products and editors may no
    // longer change them. Nothing else changes: routes, guards and roles are the real ones.
    const app = await testAppWithPermissions(
      changedTable(PERMISSIONS, {
        grant: { user: ['products:create' satisfies Permission] },
        revoke: { editor: ['products:update'] },
      }),
    );
    const linus = await signIn(app, USER);
    const grace = await signIn(app, EDITOR);
    const created = await request(app)
      .post('/api/v1/products')
      .set('Authorization', linus)
      .send({ name: 'Made by a user', priceCents: 100 });
    const changed = await request(app)
      .patch('/api/v1/products/1')
      .set('Authorization', grace)
      .send({ priceCents: 100 });
    expect({
      'a user creates a product (the table grants it)': created.status,
      'an editor changes a product (the table no longer grants it)': changed.status,
    }).toEqual({
      'a user creates a product (the table grants it)': 201,
      'an editor changes a product (the table no longer grants it)': 403,
    });
  });
});
