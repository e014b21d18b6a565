import jwt from 'jsonwebtoken';
import request from 'supertest';
import { TEST_SECRET, manualClock, testApp, testConfig, testDatabase } from './helpers';

const { issuer, audience } = testConfig.jwt;

/**
 * An app whose clock starts at the real time, and tokens minted for it by hand with the app's
 * secret: they check the guard alone, whatever issue() and verify() look like today.
 */
async function scene() {
  const db = testDatabase();
  const clock = manualClock(Date.now());
  const app = await testApp({ db, clock });
  const iat = Math.floor(clock.now() / 1000);
  const tokenFor = (
    userId: number,
    changes: { secret?: string; options?: jwt.SignOptions } = {},
  ): string =>
    jwt.sign({ iat }, changes.secret ?? TEST_SECRET, {
      algorithm: 'HS256',
      expiresIn: 600,
      issuer,
      audience,
      subject: String(userId),
      ...changes.options,
    });
  /** What a client gets from GET /users/me with this Authorization header (or none). */
  const me = async (authorization?: string) => {
    const req = request(app).get('/api/v1/users/me');
    const res = await (authorization === undefined ? req : req.set('Authorization', authorization));
    return res.status === 200
      ? `200 as ${res.body.email}`
      : `${res.status} ${String(res.headers['content-type']).split(';')[0]}, WWW-Authenticate: ${res.headers['www-authenticate']}`;
  };
  return { db, iat, tokenFor, me };
}

const INVALID_TOKEN =
  '401 application/problem+json, WWW-Authenticate: Bearer error="invalid_token"';

describe('every bad credential is a 401, and only existing callers get in', () => {
  it('answers 401 invalid_token to a token that does not verify, never 500', async () => {
    const { tokenFor, iat, me } = await scene();
    const good = tokenFor(3);
    const [header, , signature] = good.split('.');
    const otherPayload = Buffer.from(JSON.stringify({ sub: '1', iat, exp: iat + 600 })).toString(
      'base64url',
    );
    expect({
      'a good token (control)': await me(`Bearer ${good}`),
      'its payload swapped for user 1': await me(`Bearer ${header}.${otherPayload}.${signature}`),
      'an expired token': await me(`Bearer ${tokenFor(3, { options: { expiresIn: -10 } })}`),
      'signed with another secret': await me(
        `Bearer ${tokenFor(3, { secret: `${TEST_SECRET}-forged` })}`,
      ),
      'not a JWT at all': await me('Bearer not-a-jwt'),
    }).toEqual({
      'a good token (control)': '200 as linus@example.com',
      'its payload swapped for user 1': INVALID_TOKEN,
      'an expired token': INVALID_TOKEN,
      'signed with another secret': INVALID_TOKEN,
      'not a JWT at all': INVALID_TOKEN,
    });
  });

  it('reads a token only from "Authorization: Bearer <token>", exactly', async () => {
    const { tokenFor, me } = await scene();
    const good = tokenFor(2);
    expect({
      'Bearer <token> (control)': await me(`Bearer ${good}`),
      'the token alone, without a scheme': await me(good),
      'Basic credentials': await me('Basic bGludXM6c2VjcmV0'),
      'Bearer and no token': await me('Bearer'),
      'Bearer and two tokens': await me(`Bearer ${good} ${good}`),
      'Token <token> (another scheme)': await me(`Token ${good}`),
    }).toEqual({
      'Bearer <token> (control)': '200 as grace@example.com',
      'the token alone, without a scheme': INVALID_TOKEN,
      'Basic credentials': INVALID_TOKEN,
      'Bearer and no token': INVALID_TOKEN,
      'Bearer and two tokens': INVALID_TOKEN,
      'Token <token> (another scheme)': INVALID_TOKEN,
    });
  });

  it('lets in only a caller who exists now: a deleted user’s valid token is refused', async () => {
    const { db, tokenFor, me } = await scene();
    const linus = tokenFor(3);
    const grace = tokenFor(2);
    const before = await me(`Bearer ${linus}`);
    db.prepare('DELETE FROM users WHERE id = 3').run();
    expect({
      'Linus, before his account is deleted': before,
      'Linus, after': await me(`Bearer ${linus}`),
      'Grace, whose account still exists': await me(`Bearer ${grace}`),
      'user 999, who never existed': await me(`Bearer ${tokenFor(999)}`),
    }).toEqual({
      'Linus, before his account is deleted': '200 as linus@example.com',
      'Linus, after': INVALID_TOKEN,
      'Grace, whose account still exists': '200 as grace@example.com',
      'user 999, who never existed': INVALID_TOKEN,
    });
  });
});
