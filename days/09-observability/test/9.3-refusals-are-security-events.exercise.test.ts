import jwt from 'jsonwebtoken';
import request from 'supertest';
import { createAccessTokens } from '../src/core/security/jwt';
import {
  DEMO_USERS,
  type LogLine,
  TEST_PASSWORD,
  capturedLogs,
  manualClock,
  signIn,
  testApp,
  testConfig,
} from './helpers';

const [ADA, , LINUS] = DEMO_USERS;
const METRICS_TOKEN = 'scraper-token-0123456789';
/** The test client's address, as req.ip gives it (IPv4, or IPv4-mapped IPv6). */
const LOOPBACK = expect.stringMatching(/^(::ffff:)?127\.0\.0\.1$/);

/** The full app, logging at warn into an array, with a clock the test moves. */
async function observedApp() {
  const { logger, lines } = capturedLogs('warn');
  const clock = manualClock();
  const app = await testApp({
    logger,
    clock,
    config: { ...testConfig, metricsToken: METRICS_TOKEN },
  });
  return { app, lines, clock };
}

/** The security event lines, shown with the fields an alert rule would read. */
function eventsIn(lines: LogLine[], fields: string[]) {
  return lines
    .filter((line) => line['event'] !== undefined)
    .map((line) => {
      const shown: Record<string, unknown> = { event: line['event'], level: line['level'] };
      for (const name of fields) shown[name] = line[name];
      return shown;
    });
}

describe('exercise 9.3: refusals that matter to security are events an alert can match', () => {
  it('logs each failed login once, unknown email and wrong password alike, with the email and the address', async () => {
    const { app, lines } = await observedApp();
    const attempts = [
      { email: 'ghost@example.com', password: TEST_PASSWORD },
      { email: `  ${LINUS.email.toUpperCase()} `, password: 'not the right password' },
    ];
    const ids: unknown[] = [];
    for (const attempt of attempts) {
      const res = await request(app).post('/api/v1/auth/login').send(attempt).expect(401);
      ids.push(res.body.requestId);
    }
    expect(eventsIn(lines, ['email', 'ip', 'requestId'])).toEqual([
      {
        event: 'login_failed',
        level: 'warn',
        email: 'ghost@example.com',
        ip: LOOPBACK,
        requestId: ids[0],
      },
      { event: 'login_failed', level: 'warn', email: LINUS.email, ip: LOOPBACK, requestId: ids[1] },
    ]);
  });

  it('logs every refused access token once: malformed, forged, expired, or for an unknown user', async () => {
    const { app, lines, clock } = await observedApp();
    const valid = await signIn(app);
    const forged = jwt.sign({ sub: String(LINUS.id) }, 'another-secret-of-at-least-32-bytes!!', {
      issuer: testConfig.jwt.issuer,
      audience: testConfig.jwt.audience,
      expiresIn: 600,
    });
    const nobody = createAccessTokens(testConfig.jwt, clock).issue(4242).token;
    const sent = ['Token abc', `Bearer ${forged}`, `Bearer ${nobody}`];
    const ids: unknown[] = [];
    for (const authorization of sent) {
      const res = await request(app).get('/api/v1/users/me').set('Authorization', authorization);
      ids.push(res.body.requestId);
    }
    clock.advance(60 * 60 * 1000);
    const expired = await request(app).get('/api/v1/users/me').set('Authorization', valid);
    ids.push(expired.body.requestId);
    expect(eventsIn(lines, ['ip', 'requestId'])).toEqual(
      ids.map((requestId) => ({
        event: 'invalid_token',
        level: 'warn',
        ip: LOOPBACK,
        requestId,
      })),
    );
  });

  it('logs a 403 once, from a route guard and from an ownership policy, naming the caller', async () => {
    const { app, lines } = await observedApp();
    const linus = await signIn(app, LINUS.email);
    const guard = await request(app).get('/api/v1/users').set('Authorization', linus);
    const policy = await request(app).get(`/api/v1/users/${ADA.id}`).set('Authorization', linus);
    expect({ statuses: [guard.status, policy.status] }).toEqual({ statuses: [403, 403] });
    expect(eventsIn(lines, ['userId', 'method', 'path', 'requestId'])).toEqual([
      {
        event: 'forbidden',
        level: 'warn',
        userId: LINUS.id,
        method: 'GET',
        path: '/api/v1/users',
        requestId: guard.body.requestId,
      },
      {
        event: 'forbidden',
        level: 'warn',
        userId: LINUS.id,
        method: 'GET',
        path: `/api/v1/users/${ADA.id}`,
        requestId: policy.body.requestId,
      },
    ]);
  });

  it('logs each 429 once, naming the limiter that refused it', async () => {
    const limits = (rateLimit: Partial<typeof testConfig.rateLimit>) => {
      const { logger, lines } = capturedLogs('warn');
      const config = { ...testConfig, rateLimit: { ...testConfig.rateLimit, ...rateLimit } };
      return testApp({ logger, config }).then((app) => ({ app, lines }));
    };
    const general = await limits({ max: 2 });
    for (const status of [200, 200, 429]) {
      await request(general.app).get('/api/v1/products?limit=3').expect(status);
    }
    const login = await limits({ loginMax: 2 });
    for (const status of [401, 401, 429]) {
      await request(login.app)
        .post('/api/v1/auth/login')
        .send({ email: LINUS.email, password: 'a wrong guess' })
        .expect(status);
    }
    const shown = ['ip', 'method', 'path', 'limiter'];
    expect({
      general: eventsIn(general.lines, shown),
      login: eventsIn(login.lines, shown),
    }).toEqual({
      general: [
        {
          event: 'rate_limited',
          level: 'warn',
          ip: LOOPBACK,
          method: 'GET',
          path: '/api/v1/products',
          limiter: 'general',
        },
      ],
      login: [
        {
          event: 'login_failed',
          level: 'warn',
          ip: LOOPBACK,
          method: undefined,
          path: undefined,
          limiter: undefined,
        },
        {
          event: 'login_failed',
          level: 'warn',
          ip: LOOPBACK,
          method: undefined,
          path: undefined,
          limiter: undefined,
        },
        {
          event: 'rate_limited',
          level: 'warn',
          ip: LOOPBACK,
          method: 'POST',
          path: '/api/v1/auth/login',
          limiter: 'login',
        },
      ],
    });
  });

  it('logs a refused /metrics scrape as metrics_denied, and a replayed refresh token as refresh_token_reuse', async () => {
    const { app, lines } = await observedApp();
    await request(app)
      .get('/metrics')
      .set('Authorization', 'Bearer wrong-token-0123456789')
      .expect(401);
    const login = await request(app)
      .post('/api/v1/auth/login')
      .send({ email: ADA.email, password: TEST_PASSWORD })
      .expect(200);
    const stolen = login.body.refreshToken;
    await request(app).post('/api/v1/auth/refresh').send({ refreshToken: stolen }).expect(200);
    await request(app).post('/api/v1/auth/refresh').send({ refreshToken: stolen }).expect(401);
    // Without METRICS_TOKEN, a scrape that came through a proxy is refused with 403.
    const { logger, lines: tokenless } = capturedLogs('warn');
    const open = await testApp({ logger });
    await request(open).get('/metrics').set('X-Forwarded-For', '198.51.100.23').expect(403);
    expect(eventsIn(lines, ['ip', 'userId'])).toEqual([
      { event: 'metrics_denied', level: 'warn', ip: LOOPBACK, userId: undefined },
      { event: 'refresh_token_reuse', level: 'warn', ip: undefined, userId: ADA.id },
    ]);
    expect(eventsIn(tokenless, ['ip'])).toEqual([
      { event: 'metrics_denied', level: 'warn', ip: LOOPBACK },
    ]);
  });

  it('logs no event for what is not a refusal: a login, a missing product, an invalid body', async () => {
    const { app, lines } = await observedApp();
    const editor = await signIn(app, DEMO_USERS[1].email);
    await request(app).get('/api/v1/products/999999').expect(404);
    await request(app)
      .post('/api/v1/products')
      .set('Authorization', editor)
      .send({ name: '', priceCents: -1 })
      .expect(422);
    await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    // Something must be logged at all for this test to mean anything: one failed login.
    await request(app)
      .post('/api/v1/auth/login')
      .send({ email: ADA.email, password: 'wrong password' })
      .expect(401);
    expect(eventsIn(lines, [])).toEqual([{ event: 'login_failed', level: 'warn' }]);
  });

  it('never writes a password, a token or an Authorization header into the log', async () => {
    const { app, lines } = await observedApp();
    const password = 'an-unusual-guess-7f3a9c';
    await request(app).post('/api/v1/auth/login').send({ email: ADA.email, password }).expect(401);
    const linus = await signIn(app, LINUS.email);
    await request(app).get('/api/v1/users').set('Authorization', linus).expect(403);
    await request(app).get('/api/v1/users/me').set('Authorization', `${linus}x`).expect(401);
    const written = JSON.stringify(lines);
    expect({
      'events written': lines.filter((line) => line['event'] !== undefined).length,
      'the password': written.includes(password),
      'the access token': written.includes(linus.slice('Bearer '.length)),
      'an Authorization header': /bearer /i.test(written),
    }).toEqual({
      'events written': 3,
      'the password': false,
      'the access token': false,
      'an Authorization header': false,
    });
  });
});
