import jwt from 'jsonwebtoken';
import { createAccessTokens } from '../src/core/security/jwt';
import { TEST_SECRET, manualClock, testConfig } from './helpers';

const { issuer, audience } = testConfig.jwt;

/**
 * A token as our issuer makes it, valid from `iat` for 60 s, for user 7, unless `changes` says
 * otherwise. The tests sign their own tokens with the app's secret, so they check verify()
 * alone, whatever issue() does.
 */
function token(
  iat: number,
  changes: { payload?: Record<string, unknown>; options?: jwt.SignOptions; secret?: string } = {},
) {
  return jwt.sign({ iat, sub: '7', ...changes.payload }, changes.secret ?? TEST_SECRET, {
    algorithm: 'HS256',
    expiresIn: 60,
    issuer,
    audience,
    ...changes.options,
  });
}

/** What verify() made of a token, at the injected clock's time `atMs`. */
function verdict(tokenText: string, atMs: number): string {
  try {
    const { userId } = createAccessTokens(testConfig.jwt, manualClock(atMs)).verify(tokenText);
    return `accepted as user ${userId}`;
  } catch (error) {
    return error instanceof Error && error.name === 'InvalidTokenError'
      ? 'refused'
      : `threw ${String(error)}, not an InvalidTokenError`;
  }
}

const seconds = (ms: number) => Math.floor(ms / 1000);

describe('access tokens are verified strictly', () => {
  it('judges exp and nbf by the injected clock, whatever the time on this machine', () => {
    const outcome: Record<string, string> = {};
    const expected: Record<string, string> = {};
    for (const [year, now] of [
      ['2020', Date.UTC(2020, 3, 1)],
      ['2050', Date.UTC(2050, 3, 1)],
    ] as const) {
      const iat = seconds(now);
      const fresh = token(iat);
      const notYet = token(iat, { payload: { nbf: iat + 30 } });
      const check = (label: string, got: string, want: string) => {
        outcome[`${year}: ${label}`] = got;
        expected[`${year}: ${label}`] = want;
      };
      check('59 s after issue', verdict(fresh, now + 59_000), 'accepted as user 7');
      check('60 s after issue (expired)', verdict(fresh, now + 60_000), 'refused');
      check('nbf 30 s ahead, checked 10 s after issue', verdict(notYet, now + 10_000), 'refused');
      check(
        'nbf 30 s ahead, checked 30 s after issue',
        verdict(notYet, now + 30_000),
        'accepted as user 7',
      );
    }
    expect(outcome).toEqual(expected);
  });

  it('accepts HS256 only: the same secret with HS384 or HS512 is refused', () => {
    const now = Date.UTC(2040, 0, 1);
    const iat = seconds(now);
    expect({
      HS256: verdict(token(iat), now),
      HS384: verdict(token(iat, { options: { algorithm: 'HS384' } }), now),
      HS512: verdict(token(iat, { options: { algorithm: 'HS512' } }), now),
    }).toEqual({ HS256: 'accepted as user 7', HS384: 'refused', HS512: 'refused' });
  });

  it('requires an exp, and this API as issuer and audience', () => {
    const now = Date.UTC(2040, 0, 1);
    const iat = seconds(now);
    const without = (claim: 'iss' | 'aud') => {
      const { [claim]: _dropped, ...rest } = jwt.decode(token(iat)) as jwt.JwtPayload;
      return jwt.sign(rest, TEST_SECRET, { algorithm: 'HS256' });
    };
    expect({
      'no exp': verdict(jwt.sign({ iat, sub: '7' }, TEST_SECRET, { issuer, audience }), now),
      'another issuer': verdict(token(iat, { options: { issuer: 'someone-else' } }), now),
      'no issuer': verdict(without('iss'), now),
      'another audience': verdict(token(iat, { options: { audience: 'another-api' } }), now),
      'no audience': verdict(without('aud'), now),
      'another secret': verdict(token(iat, { secret: `${TEST_SECRET}-not-ours` }), now),
    }).toEqual({
      'no exp': 'refused',
      'another issuer': 'refused',
      'no issuer': 'refused',
      'another audience': 'refused',
      'no audience': 'refused',
      'another secret': 'refused',
    });
  });

  it('requires sub to name a user: a positive whole number', () => {
    const now = Date.UTC(2040, 0, 1);
    const iat = seconds(now);
    const withSub = (sub: string) => verdict(token(iat, { payload: { sub } }), now);
    const noSub = jwt.sign({ iat }, TEST_SECRET, {
      algorithm: 'HS256',
      expiresIn: 60,
      issuer,
      audience,
    });
    expect({
      '"12"': withSub('12'),
      '"abc"': withSub('abc'),
      '"0"': withSub('0'),
      '"-3"': withSub('-3'),
      '"1.5"': withSub('1.5'),
      'no sub': verdict(noSub, now),
    }).toEqual({
      '"12"': 'accepted as user 12',
      '"abc"': 'refused',
      '"0"': 'refused',
      '"-3"': 'refused',
      '"1.5"': 'refused',
      'no sub': 'refused',
    });
  });
});
