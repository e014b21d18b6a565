import assert from 'node:assert/strict';
import request from 'supertest';
import { hashRefreshToken } from '../src/core/security/refresh-token';
import { describeInterleaving, inEveryInterleaving } from './another-process';
import { TEST_PASSWORD, testApp } from './helpers';

type App = Awaited<ReturnType<typeof testApp>>;

async function login(app: App, email: string): Promise<string> {
  const res = await request(app)
    .post('/api/v1/auth/login')
    .send({ email, password: TEST_PASSWORD });
  assert.equal(res.status, 200, `logging in as ${email} answered ${res.status}`);
  return res.body.refreshToken;
}

/** One refresh, summed up as a client sees it; `next` is the refresh token to use next time. */
async function refresh(app: App, refreshToken: string) {
  const res = await request(app).post('/api/v1/auth/refresh').send({ refreshToken });
  if (res.status !== 200) {
    return { seen: `${res.status} ${res.headers['www-authenticate'] ?? ''}`.trim(), next: '' };
  }
  const next: string = res.body.refreshToken;
  return {
    seen: next === refreshToken ? '200, the same refresh token again' : '200, a new refresh token',
    next,
  };
}

const NEW_PAIR = '200, a new refresh token';
const REFUSED = '401 Bearer error="invalid_token"';

describe('refresh tokens rotate, and a reused one ends its session', () => {
  it('hands out a new refresh token on every refresh and retires the one presented', async () => {
    const app = await testApp();
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [who, email] of [
      ['Linus', 'linus@example.com'],
      ['Ada', 'ada@example.com'],
    ] as const) {
      const first = await login(app, email);
      const second = await refresh(app, first);
      const third = await refresh(app, second.next);
      outcome[`${who}: 1. refresh with the token from the login`] = second.seen;
      outcome[`${who}: 2. refresh with the token that refresh returned`] = third.seen;
      outcome[`${who}: 3. the login's token, presented again`] = (await refresh(app, first)).seen;
      expected[`${who}: 1. refresh with the token from the login`] = NEW_PAIR;
      expected[`${who}: 2. refresh with the token that refresh returned`] = NEW_PAIR;
      expected[`${who}: 3. the login's token, presented again`] = REFUSED;
    }
    expect(outcome).toEqual(expected);
  });

  it('ends the whole session when a retired token comes back, and only that session', async () => {
    const app = await testApp();
    // Two sessions of one user: a laptop and a phone, each from its own login.
    const laptop = await login(app, 'linus@example.com');
    const phone = await login(app, 'linus@example.com');
    const rotated = await refresh(app, laptop);
    // Someone replays the laptop's first token: the owner, or whoever stole it.
    const replay = await refresh(app, laptop);
    expect({
      '1. the laptop refreshes': rotated.seen,
      '2. its first token is replayed': replay.seen,
      '3. the laptop then refreshes with its newest token': (await refresh(app, rotated.next)).seen,
      '4. the phone refreshes (another session)': (await refresh(app, phone)).seen,
    }).toEqual({
      '1. the laptop refreshes': NEW_PAIR,
      '2. its first token is replayed': REFUSED,
      '3. the laptop then refreshes with its newest token': REFUSED,
      '4. the phone refreshes (another session)': NEW_PAIR,
    });
  });

  it('never leaves two live tokens in a session when another process refreshes the same token', async () => {
    // The token of the run in progress, which the other process is given as well.
    let presentedHash = '';
    await inEveryInterleaving({
      setup: async ({ db }) => {
        const app = await testApp({ db });
        const presented = await login(app, 'linus@example.com');
        presentedHash = hashRefreshToken(presented);
        return { app, presented };
      },
      operation: async (_scene, { app, presented }) =>
        request(app).post('/api/v1/auth/refresh').send({ refreshToken: presented }),
      // Another instance of this API, given the same token at the same moment, rotates it:
      // it retires the token and stores a successor in the same family.
      otherProcess: (other) => {
        other.transaction(() => {
          const retired = other
            .prepare(
              `UPDATE refresh_tokens SET rotated_at = '2026-02-20T00:00:00.000Z'
               WHERE token_hash = ? AND rotated_at IS NULL AND revoked_at IS NULL`,
            )
            .run(presentedHash);
          if (retired.changes === 0) return;
          other
            .prepare(
              `INSERT INTO refresh_tokens (user_id, family_id, token_hash, expires_at, created_at)
               SELECT user_id, family_id, 'successor-minted-by-another-process', expires_at,
                      '2026-02-20T00:00:00.000Z'
               FROM refresh_tokens WHERE token_hash = ?`,
            )
            .run(presentedHash);
        })();
      },
      check: (res, interleaving, scene) => {
        const when = describeInterleaving(interleaving);
        const live =
          scene
            .committed<{ hashes: string | null }>(
              `SELECT group_concat(token_hash) AS hashes FROM refresh_tokens
             WHERE rotated_at IS NULL AND revoked_at IS NULL`,
            )
            .hashes?.split(',') ?? [];
        const ours = res.status === 200 ? hashRefreshToken(res.body.refreshToken) : undefined;
        assert.ok(
          live.length <= 1,
          `${when}: the session now has ${live.length} live refresh tokens, so two clients can ` +
            'each go on refreshing: the presented token was rotated twice',
        );
        if (!interleaving.committed) {
          assert.equal(res.status, 200, `${when}: the refresh answered ${res.status}, not 200`);
        }
        if (ours !== undefined) {
          assert.deepEqual(
            live,
            [ours],
            `${when}: the refresh answered 200, but the refresh token it handed out is not the ` +
              'one live token of the session',
          );
        }
      },
    });
  });
});
