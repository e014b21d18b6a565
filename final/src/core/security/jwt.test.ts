import { loadConfig } from '../../config';
import { InvalidTokenError, createAccessTokens } from './jwt';

const settings = loadConfig({
  NODE_ENV: 'test',
  JWT_SECRET: 'unit-test-secret-that-is-32-bytes!!',
}).jwt;

describe('access tokens', () => {
  it('round-trips the user id', () => {
    const clock = { now: () => Date.now() };
    const tokens = createAccessTokens(settings, clock);
    expect(tokens.verify(tokens.issue(42).token)).toEqual({ userId: 42 });
  });

  it('expire after the configured lifetime, measured on the injected clock', () => {
    let now = Date.parse('2030-01-01T00:00:00Z');
    const tokens = createAccessTokens(settings, { now: () => now });
    const { token, expiresIn } = tokens.issue(1);
    now += (expiresIn - 1) * 1000;
    expect(tokens.verify(token).userId).toBe(1);
    now += 2000;
    expect(() => tokens.verify(token)).toThrow(InvalidTokenError);
  });

  it('reject tokens signed with another secret', () => {
    const clock = { now: () => Date.now() };
    const other = createAccessTokens(
      { ...settings, secret: 'another-secret-that-is-32-bytes-long' },
      clock,
    );
    expect(() => createAccessTokens(settings, clock).verify(other.issue(1).token)).toThrow(
      InvalidTokenError,
    );
  });
});
