import { ConfigError, loadConfig } from './index';

const SECRET = 'a-production-secret-of-at-least-32-bytes';

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('starts in development with safe defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toEqual(
      expect.objectContaining({
        nodeEnv: 'development',
        host: '127.0.0.1',
        port: 3000,
        dbPath: 'data/app.db',
        trustProxy: false,
        corsOrigins: [],
        logLevel: 'info',
        shutdownTimeoutMs: 10_000,
      }),
    );
    expect(config.bcrypt.cost).toBe(12);
    expect(config.jwt.ephemeralSecret).toBe(true);
    expect(config.jwt.accessTokenTtlSeconds).toBeLessThanOrEqual(900);
  });

  it('writes the access log as JSON lines except in development, unless told otherwise', () => {
    expect(loadConfig({}).accessLogFormat).toBe('dev');
    expect(loadConfig({ NODE_ENV: 'test' }).accessLogFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).accessLogFormat).toBe('json');
    expect(loadConfig({ ACCESS_LOG_FORMAT: 'json' }).accessLogFormat).toBe('json');
    expect(problemsOf({ ACCESS_LOG_FORMAT: 'pretty' })).toHaveLength(1);
  });

  it('uses bcrypt cost 4 and main-thread hashing under NODE_ENV=test', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).bcrypt).toEqual({ cost: 4, threads: 0 });
  });

  it('requires JWT_SECRET in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toContain(
      'JWT_SECRET is required when NODE_ENV=production',
    );
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).jwt.secret).toBe(SECRET);
  });

  it('rejects a JWT_SECRET shorter than 32 bytes', () => {
    expect(problemsOf({ JWT_SECRET: 'short' })).toEqual([
      'JWT_SECRET must be at least 32 bytes long',
    ]);
  });

  it('rejects a PORT that is not a number or out of range', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      'PORT must be an integer from 0 to 65535 (got "abc")',
    ]);
    expect(problemsOf({ PORT: '70000' })).toEqual([
      'PORT must be an integer from 0 to 65535 (got "70000")',
    ]);
  });

  it('accepts PORT=0 for an ephemeral port and DB_PATH=:memory:', () => {
    const config = loadConfig({ PORT: '0', DB_PATH: ':memory:' });
    expect(config.port).toBe(0);
    expect(config.dbPath).toBe(':memory:');
  });

  it('lists every problem at once', () => {
    const problems = problemsOf({
      NODE_ENV: 'production',
      PORT: 'x',
      LOG_LEVEL: 'chatty',
      TRUST_PROXY: 'true',
      CORS_ORIGINS: 'https://ok.example,not a url',
      ADMIN_EMAIL: 'admin@example.com',
    });
    expect(problems).toHaveLength(6);
  });

  it('delays the listener close after SIGTERM in production only, within the deadline', () => {
    expect(loadConfig({}).shutdownReadinessDelayMs).toBe(0);
    const production = { NODE_ENV: 'production', JWT_SECRET: SECRET };
    expect(loadConfig(production).shutdownReadinessDelayMs).toBe(5000);
    // The default never takes more than half of a short deadline.
    expect(loadConfig({ ...production, SHUTDOWN_TIMEOUT_MS: '500' }).shutdownReadinessDelayMs).toBe(
      250,
    );
    expect(loadConfig({ SHUTDOWN_READINESS_DELAY_MS: '2000' }).shutdownReadinessDelayMs).toBe(2000);
    expect(
      problemsOf({ SHUTDOWN_TIMEOUT_MS: '1000', SHUTDOWN_READINESS_DELAY_MS: '1000' }),
    ).toEqual(['SHUTDOWN_READINESS_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS']);
    expect(problemsOf({ SHUTDOWN_READINESS_DELAY_MS: '-1' })[0]).toMatch(
      /SHUTDOWN_READINESS_DELAY_MS/,
    );
  });

  it('rejects TRUST_PROXY=true and accepts hop counts and address lists', () => {
    expect(problemsOf({ TRUST_PROXY: 'true' })[0]).toMatch(/TRUST_PROXY=true/);
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toEqual([
      'loopback',
      '10.0.0.0/8',
    ]);
    expect(problemsOf({ TRUST_PROXY: 'everyone' })[0]).toMatch(/TRUST_PROXY entry/);
  });

  it('parses CORS_ORIGINS as a list of exact origins', () => {
    expect(
      loadConfig({ CORS_ORIGINS: 'https://a.example, http://localhost:5173' }).corsOrigins,
    ).toEqual(['https://a.example', 'http://localhost:5173']);
    expect(problemsOf({ CORS_ORIGINS: 'https://a.example/path' })).toHaveLength(1);
  });

  it('caps the access-token lifetime at 15 minutes', () => {
    expect(problemsOf({ ACCESS_TOKEN_TTL_SECONDS: '901' })).toHaveLength(1);
  });

  it('requires ADMIN_EMAIL and ADMIN_PASSWORD together, with a valid password', () => {
    expect(problemsOf({ ADMIN_EMAIL: 'admin@example.com' })).toEqual([
      'ADMIN_EMAIL and ADMIN_PASSWORD must be set together',
    ]);
    expect(problemsOf({ ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'short' })[0]).toMatch(
      /ADMIN_PASSWORD must be 12 to 128/,
    );
    expect(
      loadConfig({ ADMIN_EMAIL: 'Admin@Example.com', ADMIN_PASSWORD: 'long enough password' })
        .admin,
    ).toEqual({ email: 'admin@example.com', password: 'long enough password' });
  });

  it('refuses a bcrypt cost below 10 in production', () => {
    expect(
      problemsOf({ NODE_ENV: 'production', JWT_SECRET: SECRET, BCRYPT_COST: '4' }),
    ).toHaveLength(1);
  });

  it('returns a frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt)).toBe(true);
  });
});
