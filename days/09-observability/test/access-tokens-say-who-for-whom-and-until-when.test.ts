import type { Config } from '../src/config';
import { createAccessTokens } from '../src/core/security/jwt';
import { manualClock, testConfig } from './helpers';

/** Two deployments that differ in every claim they control. */
const SHOP: Config['jwt'] = {
  ...testConfig.jwt,
  issuer: 'shop-auth',
  audience: 'shop-api',
  accessTokenTtlSeconds: 300,
};
const BACKOFFICE: Config['jwt'] = {
  ...testConfig.jwt,
  issuer: 'backoffice-auth',
  audience: 'backoffice-api',
  accessTokenTtlSeconds: 900,
};

/**
 * What anyone who holds the token can read, without the secret: a JWT is signed, not
 * encrypted. Its header and payload are base64url-encoded JSON.
 */
function readable(token: string) {
  const [header = '', payload = ''] = token.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(header), payload: json(payload) };
}

describe('an access token says who, for whom, by whom and until when', () => {
  it('carries exactly sub, iss, aud, iat and exp, in a header that names HS256', () => {
    const now = Date.UTC(2031, 2, 4, 5, 6, 7, 890);
    const iat = Math.floor(now / 1000);
    const shop = createAccessTokens(SHOP, manualClock(now));
    const backoffice = createAccessTokens(BACKOFFICE, manualClock(now));
    expect({
      'user 7, shop settings': readable(shop.issue(7).token),
      'user 42, backoffice settings': readable(backoffice.issue(42).token),
    }).toEqual({
      'user 7, shop settings': {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: { sub: '7', iss: 'shop-auth', aud: 'shop-api', iat, exp: iat + 300 },
      },
      'user 42, backoffice settings': {
        header: { alg: 'HS256', typ: 'JWT' },
        payload: { sub: '42', iss: 'backoffice-auth', aud: 'backoffice-api', iat, exp: iat + 900 },
      },
    });
  });

  it('takes iat and exp from the injected clock, in whole seconds, and reports the lifetime', () => {
    const times = {
      'a clock in 2031': Date.UTC(2031, 0, 1, 0, 0, 0, 999),
      'a clock in 2024': Date.UTC(2024, 5, 30, 23, 59, 59, 1),
    };
    const outcome: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [label, now] of Object.entries(times)) {
      const issued = createAccessTokens(SHOP, manualClock(now)).issue(1);
      const { iat, exp } = readable(issued.token).payload;
      outcome[label] = { iat, exp, expiresIn: issued.expiresIn };
      expected[label] = {
        iat: Math.floor(now / 1000),
        exp: Math.floor(now / 1000) + 300,
        expiresIn: 300,
      };
    }
    expect(outcome).toEqual(expected);
  });
});
