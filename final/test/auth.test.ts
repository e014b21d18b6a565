import jwt from 'jsonwebtoken';
import request from 'supertest';
import { WELCOME_MESSAGE_JOB } from '../src/modules/auth/auth.jobs';
import { TestClock } from './helpers/test-clock';
import {
  PASSWORD,
  TEST_SECRET,
  bearer,
  createTestApp,
  type TestApp,
  expectProblem,
  signIn,
} from './helpers/test-app';

const clock = new TestClock();
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ clock });
});
afterAll(() => t.close());

const register = (body: Record<string, unknown>) =>
  request(t.app).post('/api/v1/auth/register').send(body);
const login = (email: string, password: string) =>
  request(t.app).post('/api/v1/auth/login').send({ email, password });

describe('POST /auth/register', () => {
  it('creates a user with role "user" and returns it without secrets', async () => {
    const res = await register({
      email: 'New.User@Example.com',
      password: PASSWORD,
      name: 'New User',
    });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(Number),
      email: 'new.user@example.com',
      name: 'New User',
      role: 'user',
      createdAt: new Date(clock.now()).toISOString(),
      updatedAt: new Date(clock.now()).toISOString(),
    });
    expect(res.headers.location).toBe(`/api/v1/users/${res.body.id}`);
  });

  it('never assigns a role or other unknown fields from the body', async () => {
    const res = await register({
      email: 'sneaky@example.com',
      password: PASSWORD,
      name: 'Sneaky',
      role: 'admin',
      id: 999,
      passwordHash: 'x',
    });
    expect(res.status).toBe(201);
    expect(res.body.role).toBe('user');
    expect(res.body.id).not.toBe(999);
    expect(res.body).not.toHaveProperty('passwordHash');
  });

  it('rejects a duplicate email, compared case-insensitively, with 409', async () => {
    await register({ email: 'dup@example.com', password: PASSWORD, name: 'One' }).expect(201);
    const res = await register({ email: 'DUP@example.com', password: PASSWORD, name: 'Two' });
    expectProblem(res, 409);
  });

  it('rejects passwords shorter than 12 or longer than 128 characters with 422', async () => {
    for (const password of ['elevenchars', 'x'.repeat(129)]) {
      const res = await register({ email: 'len@example.com', password, name: 'Len' });
      expectProblem(res, 422);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'password' })]);
    }
  });

  it('rejects a password over 72 bytes instead of letting bcrypt truncate it', async () => {
    // 40 characters but 80 bytes in UTF-8.
    const res = await register({
      email: 'long@example.com',
      password: 'é'.repeat(40),
      name: 'Long',
    });
    expectProblem(res, 422);
    expect(res.body.errors[0].message).toMatch(/72 bytes/);
  });

  it('queues the welcome message in the same transaction as the user', async () => {
    const res = await register({ email: 'welcome@example.com', password: PASSWORD, name: 'W' });
    const job = t.db
      .prepare(`SELECT payload FROM jobs WHERE type = ? ORDER BY id DESC LIMIT 1`)
      .get(WELCOME_MESSAGE_JOB) as { payload: string };
    expect(JSON.parse(job.payload)).toEqual({ userId: res.body.id });
  });
});

describe('POST /auth/login', () => {
  beforeAll(async () => {
    await register({ email: 'login@example.com', password: PASSWORD, name: 'Login' }).expect(201);
  });

  it('returns a token pair with Cache-Control: no-store', async () => {
    const res = await login('LOGIN@example.com', PASSWORD);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toEqual({
      accessToken: expect.any(String),
      refreshToken: expect.any(String),
      tokenType: 'Bearer',
      expiresIn: 900,
    });
  });

  it('issues HS256 access tokens with sub, iss, aud and an exp of at most 15 minutes', async () => {
    const res = await login('login@example.com', PASSWORD);
    const decoded = jwt.decode(res.body.accessToken, { complete: true }) as jwt.Jwt;
    const payload = decoded.payload as jwt.JwtPayload;
    expect(decoded.header.alg).toBe('HS256');
    expect(payload.iss).toBe(t.config.jwt.issuer);
    expect(payload.aud).toBe(t.config.jwt.audience);
    expect(Number(payload.sub)).toBeGreaterThan(0);
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(15 * 60);
  });

  it('gives the same 401 body for an unknown email and a wrong password', async () => {
    const unknown = await login('ghost@example.com', PASSWORD);
    const wrong = await login('login@example.com', 'not the right password');
    expectProblem(unknown, 401);
    expectProblem(wrong, 401);
    const strip = (body: Record<string, unknown>) => ({ ...body, requestId: undefined });
    expect(strip(unknown.body)).toEqual(strip(wrong.body));
    expect(unknown.headers['www-authenticate']).toBe(wrong.headers['www-authenticate']);
  });

  it('refuses a password whose first 72 bytes match but which is longer', async () => {
    const res = await login('login@example.com', `${PASSWORD}${'x'.repeat(60)}`);
    expectProblem(res, 401);
  });

  it('answers 422 when email or password is missing', async () => {
    const res = await request(t.app)
      .post('/api/v1/auth/login')
      .send({ email: 'login@example.com' });
    expectProblem(res, 422);
  });
});

describe('failed-login rate limit', () => {
  it('answers 429 with Retry-After after 10 failed logins for one account from one client', async () => {
    const limited = await createTestApp();
    await request(limited.app)
      .post('/api/v1/auth/register')
      .send({ email: 'victim@example.com', password: PASSWORD, name: 'V' })
      .expect(201);
    for (let i = 0; i < 10; i++) {
      await request(limited.app)
        .post('/api/v1/auth/login')
        .send({ email: 'victim@example.com', password: 'wrong password!' })
        .expect(401);
    }
    const blocked = await request(limited.app)
      .post('/api/v1/auth/login')
      .send({ email: 'victim@example.com', password: PASSWORD });
    expectProblem(blocked, 429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);

    // Another account from the same client is unaffected.
    await request(limited.app)
      .post('/api/v1/auth/login')
      .send({ email: 'other@example.com', password: 'wrong password!' })
      .expect(401);
    await limited.close();
  });

  it('does not count successful logins', async () => {
    const limited = await createTestApp({ env: { LOGIN_RATE_LIMIT_MAX: '2' } });
    const user = await signIn(limited);
    for (let i = 0; i < 4; i++) {
      await request(limited.app)
        .post('/api/v1/auth/login')
        .send({ email: user.email, password: PASSWORD })
        .expect(200);
    }
    await limited.close();
  });
});

describe('refresh tokens', () => {
  it('rotates: a new pair is issued and the old refresh token stops working', async () => {
    const session = await signIn(t);
    const first = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expect(first.status).toBe(200);
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.body.refreshToken).not.toBe(session.refreshToken);
    await request(t.app)
      .get('/api/v1/users/me')
      .set('Authorization', bearer(first.body))
      .expect(200);

    const replay = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expectProblem(replay, 401);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const session = await signIn(t);
    const rotated = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    // The stolen original is replayed...
    await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(401);
    // ...so the legitimate newest token is dead too.
    const res = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken });
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('stores refresh tokens only as hashes', async () => {
    const session = await signIn(t);
    const rows = t.db.prepare('SELECT token_hash FROM refresh_tokens').all() as {
      token_hash: string;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.token_hash)).not.toContain(session.refreshToken);
  });

  it('rejects an expired refresh token', async () => {
    const session = await signIn(t);
    clock.advance(t.config.jwt.refreshTokenTtlSeconds * 1000 + 1);
    const res = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken });
    expectProblem(res, 401);
  });

  it('rejects an unknown refresh token', async () => {
    const res = await request(t.app).post('/api/v1/auth/refresh').send({ refreshToken: 'made-up' });
    expectProblem(res, 401);
  });
});

describe('POST /auth/logout', () => {
  it('answers 204 and revokes the token family', async () => {
    const session = await signIn(t);
    const rotated = await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: session.refreshToken })
      .expect(200);
    await request(t.app)
      .post('/api/v1/auth/logout')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(204);
    await request(t.app)
      .post('/api/v1/auth/refresh')
      .send({ refreshToken: rotated.body.refreshToken })
      .expect(401);
  });

  it('answers 204 for an unknown token too, revealing nothing', async () => {
    await request(t.app).post('/api/v1/auth/logout').send({ refreshToken: 'unknown' }).expect(204);
  });
});

describe('access tokens', () => {
  const sign = (payload: object, options: jwt.SignOptions = {}, secret = TEST_SECRET) =>
    jwt.sign(payload, secret, {
      algorithm: 'HS256',
      issuer: t.config.jwt.issuer,
      audience: t.config.jwt.audience,
      subject: '1',
      expiresIn: 60,
      ...options,
    });
  const me = (token: string) =>
    request(t.app).get('/api/v1/users/me').set('Authorization', `Bearer ${token}`);
  const nowSeconds = () => Math.floor(clock.now() / 1000);

  beforeAll(async () => {
    await signIn(t);
  });

  it('answers 401 with WWW-Authenticate: Bearer when no token is sent', async () => {
    const res = await request(t.app).get('/api/v1/users/me');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('answers 401 invalid_token for a malformed Authorization header', async () => {
    const res = await request(t.app).get('/api/v1/users/me').set('Authorization', 'Basic abc');
    expectProblem(res, 401);
    expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  });

  it('rejects an expired token', async () => {
    const token = sign({ iat: nowSeconds() - 3600 }, { expiresIn: 60 });
    expectProblem(await me(token), 401);
  });

  it('rejects a token without exp', async () => {
    const token = jwt.sign({ iat: nowSeconds() }, TEST_SECRET, {
      algorithm: 'HS256',
      issuer: t.config.jwt.issuer,
      audience: t.config.jwt.audience,
      subject: '1',
    });
    expectProblem(await me(token), 401);
  });

  it('rejects the wrong issuer, the wrong audience and the wrong secret', async () => {
    const iat = nowSeconds();
    expectProblem(await me(sign({ iat }, { issuer: 'someone-else' })), 401);
    expectProblem(await me(sign({ iat }, { audience: 'other-api' })), 401);
    expectProblem(await me(sign({ iat }, {}, 'another-secret-that-is-32-bytes-long!!')), 401);
  });

  it('rejects alg "none" and other algorithms than HS256', async () => {
    const iat = nowSeconds();
    const none = jwt.sign(
      { iat, exp: iat + 60, sub: '1', iss: t.config.jwt.issuer, aud: t.config.jwt.audience },
      '',
      {
        algorithm: 'none',
      },
    );
    expectProblem(await me(none), 401);
    expectProblem(await me(sign({ iat }, { algorithm: 'HS512' })), 401);
  });

  it('rejects a token for a user that no longer exists', async () => {
    expectProblem(await me(sign({ iat: nowSeconds() }, { subject: '999999' })), 401);
  });

  it('logs bad tokens as security events without the token', async () => {
    const logged = await createTestApp({ env: { LOG_LEVEL: 'warn' } });
    await request(logged.app)
      .get('/api/v1/users/me')
      .set('Authorization', 'Bearer abc.def.ghi')
      .expect(401);
    const event = logged.logs.find((l) => l['event'] === 'invalid_token');
    expect(event).toBeDefined();
    expect(JSON.stringify(event)).not.toContain('abc.def.ghi');
    await logged.close();
  });
});
