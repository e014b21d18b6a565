import bcrypt from 'bcryptjs';
import request from 'supertest';
import { createAccessTokens } from '../src/core/security/jwt';
import { createPasswordHasher, type PasswordHasher } from '../src/core/security/password-hasher';
import { AuthService } from '../src/modules/auth/auth.service';
import { SqliteRefreshTokensRepository } from '../src/modules/auth/refresh-tokens.repository';
import { SqliteUsersRepository } from '../src/modules/users/users.repository';
import { manualClock, recordingLogger, testApp, testConfig, testDatabase } from './helpers';

/** The real hasher at `cost`, with a record of every comparison it was asked to make. */
function recordingHasher(cost: number) {
  const real = createPasswordHasher({ cost });
  const comparisons: string[] = [];
  const hasher: PasswordHasher = {
    hash: (password) => real.hash(password),
    verify: (password, hash) => {
      comparisons.push(`bcrypt comparison at cost ${bcrypt.getRounds(hash)}`);
      return real.verify(password, hash);
    },
  };
  return { hasher, comparisons };
}

/** An AuthService on its own test database, hashing at `cost`. */
function authService(cost: number) {
  const db = testDatabase();
  const clock = manualClock();
  const { hasher, comparisons } = recordingHasher(cost);
  const service = new AuthService({
    users: new SqliteUsersRepository(db, clock),
    refreshTokens: new SqliteRefreshTokensRepository(db, clock),
    passwords: hasher,
    accessTokens: createAccessTokens(testConfig.jwt, clock),
    clock,
    logger: recordingLogger(),
    refreshTokenTtlSeconds: 3600,
  });
  return { service, comparisons };
}

/** What one failed login cost and what it answered. */
async function failedLogin(service: AuthService, comparisons: string[], email: string) {
  comparisons.length = 0;
  const error = await service.login(email, 'not the right password', {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  return {
    work: [...comparisons],
    answer: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
  };
}

describe('every login costs one bcrypt comparison, and no password is truncated', () => {
  it('spends one comparison at the configured cost on an unknown email, as on a wrong password', async () => {
    const outcome: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const cost of [4, 5]) {
      const { service, comparisons } = authService(cost);
      // Registered through the service, so the stored hash has this cost too.
      await service.register({
        email: 'member@example.com',
        password: 'a long password',
        name: 'M',
      });
      const wrongPassword = await failedLogin(service, comparisons, 'member@example.com');
      outcome[`cost ${cost}, unknown email`] = await failedLogin(
        service,
        comparisons,
        'nobody@example.com',
      );
      outcome[`cost ${cost}, another unknown email`] = await failedLogin(
        service,
        comparisons,
        'ghost@example.com',
      );
      expected[`cost ${cost}, unknown email`] = wrongPassword;
      expected[`cost ${cost}, another unknown email`] = wrongPassword;
      // The reference: a known email with a wrong password runs exactly one comparison.
      expect(wrongPassword.work).toEqual([`bcrypt comparison at cost ${cost}`]);
    }
    expect(outcome).toEqual(expected);
  });

  it('refuses to register a password over 72 bytes of UTF-8, and accepts one of exactly 72', async () => {
    const app = await testApp();
    let n = 0;
    const register = async (password: string) => {
      n += 1;
      const res = await request(app)
        .post('/api/v1/auth/register')
        .send({ email: `user${n}@example.com`, password, name: `User ${n}` });
      if (res.status === 201) return '201 registered';
      const problems = (res.body.errors ?? []).map(
        (e: { field: string; message: string }) => `${e.field}: ${e.message}`,
      );
      return `${res.status} ${problems.join('; ')}`;
    };
    const refused = expect.stringMatching(/^422 password: .*72 bytes/);
    expect({
      '36 × é (36 characters, 72 bytes)': await register('é'.repeat(36)),
      '37 × é (37 characters, 74 bytes)': await register('é'.repeat(37)),
      '18 × 😀 (18 characters, 72 bytes)': await register('😀'.repeat(18)),
      '19 × 😀 (19 characters, 76 bytes)': await register('😀'.repeat(19)),
      '72 × a (72 bytes)': await register('a'.repeat(72)),
      '73 × a (73 bytes)': await register('a'.repeat(73)),
    }).toEqual({
      '36 × é (36 characters, 72 bytes)': '201 registered',
      '37 × é (37 characters, 74 bytes)': refused,
      '18 × 😀 (18 characters, 72 bytes)': '201 registered',
      '19 × 😀 (19 characters, 76 bytes)': refused,
      '72 × a (72 bytes)': '201 registered',
      '73 × a (73 bytes)': refused,
    });
  });

  it('never accepts a login password longer than 72 bytes, even when its first 72 bytes match', async () => {
    const app = await testApp();
    const accounts = [
      { email: 'accent@example.com', password: 'é'.repeat(36) },
      { email: 'ascii@example.com', password: 'a'.repeat(72) },
    ];
    for (const { email, password } of accounts) {
      await request(app)
        .post('/api/v1/auth/register')
        .send({ email, password, name: 'Long password' })
        .expect(201);
    }
    const login = async (email: string, password: string) =>
      (await request(app).post('/api/v1/auth/login').send({ email, password })).status;
    expect({
      'the 72-byte password (control)': await login('accent@example.com', 'é'.repeat(36)),
      'the same + "x"': await login('accent@example.com', `${'é'.repeat(36)}x`),
      '72 × a + "b"': await login('ascii@example.com', `${'a'.repeat(72)}b`),
    }).toEqual({
      'the 72-byte password (control)': 200,
      'the same + "x"': 401,
      '72 × a + "b"': 401,
    });
  });
});
