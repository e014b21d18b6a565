import jwt from 'jsonwebtoken';
import request from 'supertest';
import { DEMO_USERS, TEST_PASSWORD, manualClock, signIn, testApp, testDatabase } from './helpers';

const PASSWORD = 'a long enough password';
const register = (app: Parameters<typeof request>[0], body: Record<string, unknown>) =>
  request(app).post('/api/v1/auth/register').send(body);
const login = (app: Parameters<typeof request>[0], email: string, password: string) =>
  request(app).post('/api/v1/auth/login').send({ email, password });

/** The parts of a refusal a client acts on. */
const refusal = (res: request.Response) => ({
  status: res.status,
  contentType: String(res.headers['content-type']).split(';')[0],
  wwwAuthenticate: res.headers['www-authenticate'],
});

describe('POST /auth/register', () => {
  it('creates a plain user and answers 201 with it, its Location, and no password hash', async () => {
    const clock = manualClock(Date.UTC(2026, 2, 1, 12));
    const db = testDatabase();
    const app = await testApp({ clock, db });
    const res = await register(app, {
      email: '  New.User@Example.COM ',
      password: PASSWORD,
      name: 'New User',
    });
    expect(res.status).toBe(201);
    expect(res.headers['location']).toBe('/api/v1/users/4');
    expect(res.body).toEqual({
      id: 4,
      email: 'new.user@example.com',
      name: 'New User',
      role: 'user',
      createdAt: '2026-03-01T12:00:00.000Z',
      updatedAt: '2026-03-01T12:00:00.000Z',
    });
    // Stored as a bcrypt hash at the configured cost (4 in tests), never as the password.
    const row = db.prepare('SELECT password_hash FROM users WHERE id = 4').get() as {
      password_hash: string;
    };
    expect(row.password_hash).toMatch(/^\$2b\$04\$.{53}$/);
  });

  it('never assigns a role, an id or a hash from the body', async () => {
    const res = await register(await testApp(), {
      email: 'sneaky@example.com',
      password: PASSWORD,
      name: 'Sneaky',
      role: 'admin',
      id: 99,
      passwordHash: 'x',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ id: 4, role: 'user' });
    expect(res.body).not.toHaveProperty('passwordHash');
  });

  it('answers 409 for an email that is taken, compared ignoring case', async () => {
    const res = await register(await testApp(), {
      email: 'ADA@example.com',
      password: PASSWORD,
      name: 'Another Ada',
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('An account with this email already exists');
  });

  it('answers 422 for a bad email, and a password shorter than 12 or longer than 128', async () => {
    const app = await testApp();
    const fieldsOf = async (body: object) =>
      (await register(app, { name: 'N', ...body })).body.errors?.map(
        (e: { field: string }) => e.field,
      );
    expect({
      'not an email': await fieldsOf({ email: 'not-an-email', password: PASSWORD }),
      '11 characters': await fieldsOf({ email: 'a@example.com', password: 'elevenchars' }),
      '129 characters': await fieldsOf({ email: 'a@example.com', password: 'x'.repeat(129) }),
    }).toEqual({
      'not an email': ['email'],
      '11 characters': ['password'],
      '129 characters': ['password'],
    });
  });
});

describe('POST /auth/login', () => {
  it('answers a token pair that no cache may keep', async () => {
    const res = await login(await testApp(), 'LINUS@example.com', TEST_PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['pragma']).toBe('no-cache');
    expect(res.body).toEqual({
      accessToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      refreshToken: expect.stringMatching(/^[\w-]{43}$/),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
  });

  it('gives an unknown email and a wrong password the same 401, body and headers included', async () => {
    const app = await testApp();
    const unknown = await login(app, 'ghost@example.com', TEST_PASSWORD);
    const wrong = await login(app, 'linus@example.com', 'not the right password');
    expect(refusal(unknown)).toEqual({
      status: 401,
      contentType: 'application/problem+json',
      wwwAuthenticate: 'Bearer',
    });
    // The same problem, each with its own request id.
    expect({ ...unknown.body, requestId: 'own' }).toEqual({ ...wrong.body, requestId: 'own' });
    expect(refusal(unknown)).toEqual(refusal(wrong));
  });

  it('answers 422 when the email or the password is missing', async () => {
    const res = await request(await testApp())
      .post('/api/v1/auth/login')
      .send({ email: 'linus@example.com' });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
  });
});

describe('refresh tokens', () => {
  const refresh = (app: Parameters<typeof request>[0], refreshToken: string) =>
    request(app).post('/api/v1/auth/refresh').send({ refreshToken });

  it('are stored only as SHA-256 hashes', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    const { refreshToken } = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    const rows = db.prepare('SELECT token_hash FROM refresh_tokens').all() as {
      token_hash: string;
    }[];
    expect(rows).toEqual([{ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(JSON.stringify(rows)).not.toContain(refreshToken);
  });

  it('answer a new pair, never cached', async () => {
    const app = await testApp();
    const { refreshToken } = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    const res = await refresh(app, refreshToken);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 900 });
  });

  it('are refused once expired, or unknown, with 401 invalid_token', async () => {
    const clock = manualClock();
    const app = await testApp({ clock });
    const { refreshToken } = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    clock.advance(7 * 24 * 60 * 60 * 1000);
    expect([
      refusal(await refresh(app, refreshToken)),
      refusal(await refresh(app, 'made-up')),
    ]).toEqual([
      {
        status: 401,
        contentType: 'application/problem+json',
        wwwAuthenticate: 'Bearer error="invalid_token"',
      },
      {
        status: 401,
        contentType: 'application/problem+json',
        wwwAuthenticate: 'Bearer error="invalid_token"',
      },
    ]);
  });

  it('end with a logout: 204, then refused; an unknown token logs out too, revealing nothing', async () => {
    const app = await testApp();
    const { refreshToken } = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    await request(app).post('/api/v1/auth/logout').send({ refreshToken }).expect(204);
    expect((await refresh(app, refreshToken)).status).toBe(401);
    await request(app).post('/api/v1/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
  });

  it('die with their user (ON DELETE CASCADE)', async () => {
    const db = testDatabase();
    const app = await testApp({ db });
    await login(app, 'linus@example.com', TEST_PASSWORD);
    db.prepare('DELETE FROM users WHERE id = 3').run();
    expect(db.prepare('SELECT COUNT(*) FROM refresh_tokens').pluck().get()).toBe(0);
  });
});

describe('the signed-in caller: /users/me', () => {
  it('answers 401 with WWW-Authenticate: Bearer when no token is sent', async () => {
    const res = await request(await testApp()).get('/api/v1/users/me');
    expect(refusal(res)).toEqual({
      status: 401,
      contentType: 'application/problem+json',
      wwwAuthenticate: 'Bearer',
    });
  });

  it('answers the user the token names, whoever that is', async () => {
    const app = await testApp();
    const me = async (email: string) =>
      (
        await request(app)
          .get('/api/v1/users/me')
          .set('Authorization', await signIn(app, email))
      ).body;
    expect([await me('ada@example.com'), await me('linus@example.com')]).toEqual([
      expect.objectContaining({ id: 1, email: 'ada@example.com', name: 'Ada Lovelace' }),
      expect.objectContaining({ id: 3, email: 'linus@example.com', name: 'Linus Torvalds' }),
    ]);
  });

  it('renames the caller with PATCH, and only the caller', async () => {
    const app = await testApp();
    const auth = await signIn(app);
    const res = await request(app)
      .patch('/api/v1/users/me')
      .set('Authorization', auth)
      .send({ name: '  Linus B. Torvalds ' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: 3, name: 'Linus B. Torvalds' });
    const ada = await request(app)
      .get('/api/v1/users/me')
      .set('Authorization', await signIn(app, 'ada@example.com'));
    expect(ada.body.name).toBe('Ada Lovelace');
  });

  it('changes the password only with the current one: 422 without it, 403 when wrong', async () => {
    const app = await testApp();
    const auth = await signIn(app);
    const change = (body: object) =>
      request(app).patch('/api/v1/users/me').set('Authorization', auth).send(body);
    const missing = await change({ password: 'a brand new password' });
    const wrong = await change({ password: 'a brand new password', currentPassword: 'guess' });
    expect([missing.status, missing.body.errors?.[0]?.field, wrong.status]).toEqual([
      422,
      'currentPassword',
      403,
    ]);
  });

  it('signs out every session of the caller when the password changes', async () => {
    const app = await testApp();
    const first = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    const second = (await login(app, 'linus@example.com', TEST_PASSWORD)).body;
    const other = (await login(app, 'ada@example.com', TEST_PASSWORD)).body;
    await request(app)
      .patch('/api/v1/users/me')
      .set('Authorization', `Bearer ${first.accessToken}`)
      .send({ password: 'a brand new password', currentPassword: TEST_PASSWORD })
      .expect(200);
    const refreshed = async (refreshToken: string) =>
      (await request(app).post('/api/v1/auth/refresh').send({ refreshToken })).status;
    expect({
      'first session': await refreshed(first.refreshToken),
      'second session': await refreshed(second.refreshToken),
      "another user's session": await refreshed(other.refreshToken),
      'the old password': (await login(app, 'linus@example.com', TEST_PASSWORD)).status,
      'the new password': (await login(app, 'linus@example.com', 'a brand new password')).status,
    }).toEqual({
      'first session': 401,
      'second session': 401,
      "another user's session": 200,
      'the old password': 401,
      'the new password': 200,
    });
  });

  it('is not taken for a user id by /users/:userId (the static path is declared first)', async () => {
    const app = await testApp();
    const res = await request(app)
      .get('/api/v1/users/me')
      .set('Authorization', await signIn(app));
    expect(res.status).toBe(200);
  });
});

describe('which routes need a caller', () => {
  it('guards the accounts and every product write with 401, before validation', async () => {
    const app = await testApp();
    const status = async (method: 'get' | 'post' | 'patch' | 'delete', path: string) =>
      (await request(app)[method](path).send({ name: '' })).status;
    expect({
      'GET /users': await status('get', '/api/v1/users'),
      'GET /users/abc': await status('get', '/api/v1/users/abc'),
      'POST /products (invalid body)': await status('post', '/api/v1/products'),
      'PATCH /products/1 (invalid body)': await status('patch', '/api/v1/products/1'),
      'DELETE /products/1': await status('delete', '/api/v1/products/1'),
    }).toEqual({
      'GET /users': 401,
      'GET /users/abc': 401,
      'POST /products (invalid body)': 401,
      'PATCH /products/1 (invalid body)': 401,
      'DELETE /products/1': 401,
    });
  });

  it('leaves public routes public, even when a request carries a bad token', async () => {
    // The posts routes are public too, but read a token when one is sent (it reveals the
    // caller's drafts), so a bad one is a 401 there: test/posts.test.ts.
    const app = await testApp();
    const withGarbage = (path: string) =>
      request(app).get(path).set('Authorization', 'Bearer not.a.token');
    expect({
      '/health': (await withGarbage('/health')).status,
      '/api/v1/products': (await withGarbage('/api/v1/products')).status,
    }).toEqual({ '/health': 200, '/api/v1/products': 200 });
  });

  it('answers 405 to a wrong method without asking for a token', async () => {
    const res = await request(await testApp()).delete('/api/v1/users/me');
    expect([res.status, res.headers['allow']]).toEqual([405, 'GET, PATCH, HEAD']);
  });

  it('accepts any token the app itself signed for an existing user (here one minted by hand)', async () => {
    const clock = manualClock(Date.now());
    const app = await testApp({ clock });
    const iat = Math.floor(clock.now() / 1000);
    const token = jwt.sign({ iat }, 'a-test-secret-of-at-least-32-bytes-for-hs256', {
      algorithm: 'HS256',
      expiresIn: 60,
      issuer: 'enterprise-express',
      audience: 'enterprise-express-api',
      subject: String(DEMO_USERS[1].id),
    });
    const res = await request(app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
    expect(res.body).toMatchObject({ id: 2, name: 'Grace Hopper' });
  });
});
