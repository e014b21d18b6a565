import type express from 'express';
import request from 'supertest';
import { buildApplication } from '../src/startup';
import {
  DEMO_USERS,
  TEST_PASSWORD,
  manualClock,
  recordingLogger,
  testConfig,
  testDatabase,
} from './helpers';

const LINUS = DEMO_USERS[2].email;
const GRACE = DEMO_USERS[1].email;

/**
 * The real app with LOGIN_RATE_LIMIT_MAX=`max`, behind a trusted proxy on this machine
 * (TRUST_PROXY=loopback): each test client says who it is with X-Forwarded-For.
 */
async function appAllowing(max: number): Promise<express.Express> {
  const config = {
    ...testConfig,
    trustProxy: ['loopback'],
    rateLimit: { ...testConfig.rateLimit, loginMax: max },
  };
  const application = await buildApplication(config, {
    clock: manualClock(),
    logger: recordingLogger(),
    db: testDatabase(),
  });
  return application.app;
}

/** A login attempt from the client at `ip`. */
function login(app: express.Express, ip: string, email: string, password: string) {
  return request(app)
    .post('/api/v1/auth/login')
    .set('X-Forwarded-For', ip)
    .send({ email, password });
}

/** The statuses of `count` wrong passwords for `email` from `ip`, one after the other. */
async function guesses(app: express.Express, ip: string, email: string, count: number) {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    statuses.push((await login(app, ip, email, `wrong guess ${i}`)).status);
  }
  return statuses;
}

describe('password guessing at the login is slowed down', () => {
  it.each([3, 4])(
    'after %i failures for one account from one client, the next login is refused with 429 and Retry-After, right password included',
    async (max) => {
      const app = await appAllowing(max);
      const failed = await guesses(app, '198.51.100.7', LINUS, max);
      const refused = await login(app, '198.51.100.7', LINUS, TEST_PASSWORD);
      expect({
        failed,
        refused: refused.status,
        retryAfterSeconds: Number(refused.headers['retry-after']) > 0,
        token: refused.body.accessToken,
      }).toEqual({
        failed: Array(max).fill(401),
        refused: 429,
        retryAfterSeconds: true,
        token: undefined,
      });
    },
  );

  it('never counts a successful login: only the failures use up the limit', async () => {
    const app = await appAllowing(3);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      statuses.push((await login(app, '198.51.100.8', LINUS, TEST_PASSWORD)).status);
    }
    statuses.push(...(await guesses(app, '198.51.100.8', LINUS, 4)));
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 401, 401, 401, 429]);
  });

  it('locks out that account from that client only: not from other clients, nor the client from other accounts', async () => {
    const app = await appAllowing(3);
    await guesses(app, '198.51.100.9', LINUS, 3);
    expect({
      'the same account, the same client': (await login(app, '198.51.100.9', LINUS, TEST_PASSWORD))
        .status,
      'the same account, another client': (await login(app, '203.0.113.20', LINUS, TEST_PASSWORD))
        .status,
      'another account, the same client': (await login(app, '198.51.100.9', GRACE, TEST_PASSWORD))
        .status,
    }).toEqual({
      'the same account, the same client': 429,
      'the same account, another client': 200,
      'another account, the same client': 200,
    });
  });

  it('counts one account however its email is written', async () => {
    const app = await appAllowing(4);
    const variants = ['LINUS@EXAMPLE.COM', ` ${LINUS} `, 'Linus@Example.com', LINUS];
    const statuses: number[] = [];
    for (const email of variants) {
      statuses.push((await login(app, '198.51.100.10', email, 'wrong')).status);
    }
    statuses.push((await login(app, '198.51.100.10', LINUS, TEST_PASSWORD)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429]);
  });

  it('counts a burst of parallel guesses as they arrive: exactly the limit gets an answer', async () => {
    const app = await appAllowing(3);
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        login(app, '198.51.100.11', LINUS, `parallel guess ${i}`).then((res) => res.status),
      ),
    );
    expect(statuses.sort()).toEqual([401, 401, 401, 429, 429, 429]);
  });
});
