import { loadConfig } from '../src/config';

const SECRET = 'a-production-secret-of-at-least-32-bytes';

describe('loadConfig', () => {
  it('uses development defaults when the environment is empty', () => {
    expect(loadConfig({})).toEqual({
      nodeEnv: 'development',
      host: '127.0.0.1',
      port: 3000,
      version: '0.0.0-dev',
      bodyLimitBytes: 102400,
      dbPath: 'data/day-09.db',
      jwt: {
        secret: expect.any(String),
        ephemeralSecret: true,
        issuer: 'enterprise-express',
        audience: 'enterprise-express-api',
        accessTokenTtlSeconds: 900,
        refreshTokenTtlSeconds: 604800,
      },
      bcrypt: { cost: 12 },
      corsOrigins: [],
      trustProxy: false,
      accessLogFormat: 'dev',
      rateLimit: { windowMs: 60000, max: 300, loginWindowMs: 900000, loginMax: 10 },
      admin: undefined,
      logLevel: 'info',
      metricsToken: undefined,
    });
  });

  it('reads HOST, PORT, NODE_ENV, APP_VERSION, BODY_LIMIT_BYTES and DB_PATH', () => {
    const config = loadConfig({
      HOST: '0.0.0.0',
      PORT: '8080',
      NODE_ENV: 'production',
      APP_VERSION: '2.0.0',
      BODY_LIMIT_BYTES: '2048',
      DB_PATH: '/var/lib/shop/app.db',
      JWT_SECRET: SECRET,
    });
    expect(config).toMatchObject({
      nodeEnv: 'production',
      host: '0.0.0.0',
      port: 8080,
      version: '2.0.0',
      bodyLimitBytes: 2048,
      dbPath: '/var/lib/shop/app.db',
    });
  });

  it('reads an empty HOST or APP_VERSION as unset: HOST= must not mean every interface', () => {
    expect(loadConfig({ HOST: '', APP_VERSION: '' })).toMatchObject({
      host: '127.0.0.1',
      version: '0.0.0-dev',
    });
  });

  it('rejects a BODY_LIMIT_BYTES that is not a positive whole number', () => {
    for (const BODY_LIMIT_BYTES of ['0', '-1', '1mb', '', '99999999']) {
      expect(() => loadConfig({ BODY_LIMIT_BYTES })).toThrow(/BODY_LIMIT_BYTES/);
    }
  });

  it('returns a frozen object, nested settings included, so no module can change them', () => {
    const config = loadConfig({});
    expect([config, config.jwt, config.bcrypt].map(Object.isFrozen)).toEqual([true, true, true]);
  });

  it('accepts PORT=0 (any free port) and the edges 1 and 65535', () => {
    expect(['0', '1', '65535'].map((PORT) => loadConfig({ PORT }).port)).toEqual([0, 1, 65535]);
  });
});

describe('loadConfig: tokens and passwords', () => {
  it('reads the JWT settings and the bcrypt cost', () => {
    const config = loadConfig({
      JWT_SECRET: SECRET,
      JWT_ISSUER: 'shop',
      JWT_AUDIENCE: 'shop-api',
      ACCESS_TOKEN_TTL_SECONDS: '300',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      BCRYPT_COST: '10',
    });
    expect({ jwt: config.jwt, bcrypt: config.bcrypt }).toEqual({
      jwt: {
        secret: SECRET,
        ephemeralSecret: false,
        issuer: 'shop',
        audience: 'shop-api',
        accessTokenTtlSeconds: 300,
        refreshTokenTtlSeconds: 86400,
      },
      bcrypt: { cost: 10 },
    });
  });

  it('requires JWT_SECRET in production, and at least 32 bytes of it wherever it is set', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /JWT_SECRET is required when NODE_ENV=production/,
    );
    expect(() => loadConfig({ JWT_SECRET: 'too-short' })).toThrow(/at least 32 bytes/);
  });

  it('uses a random secret per process outside production, and says so', () => {
    const [a, b] = [loadConfig({}), loadConfig({ NODE_ENV: 'test' })];
    expect(a.jwt.ephemeralSecret).toBe(true);
    expect(a.jwt.secret).not.toBe(b.jwt.secret);
    expect(Buffer.byteLength(a.jwt.secret)).toBeGreaterThanOrEqual(32);
  });

  it('caps access tokens at 15 minutes', () => {
    expect(() => loadConfig({ ACCESS_TOKEN_TTL_SECONDS: '901' })).toThrow(
      /ACCESS_TOKEN_TTL_SECONDS must be an integer from 30 to 900/,
    );
  });

  it('hashes at cost 12 by default, 4 under test, and never below 10 in production', () => {
    expect(loadConfig({}).bcrypt.cost).toBe(12);
    expect(loadConfig({ NODE_ENV: 'test' }).bcrypt.cost).toBe(4);
    expect(() =>
      loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, BCRYPT_COST: '8' }),
    ).toThrow(/BCRYPT_COST must be an integer from 10 to 15/);
  });

  it('reads the first admin from ADMIN_EMAIL and ADMIN_PASSWORD, the email in lower case', () => {
    const admin = loadConfig({
      ADMIN_EMAIL: 'Boss@Example.com',
      ADMIN_PASSWORD: 'a long enough password',
    }).admin;
    expect(admin).toEqual({ email: 'boss@example.com', password: 'a long enough password' });
  });

  it('refuses half an admin, an email that is not one, and a password the sign-up would refuse', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (error) {
        return (error as { problems?: readonly string[] }).problems ?? [String(error)];
      }
    };
    expect({
      'only the email': problems({ ADMIN_EMAIL: 'boss@example.com' }),
      'not an email': problems({ ADMIN_EMAIL: 'boss', ADMIN_PASSWORD: 'a long enough password' }),
      'too short': problems({ ADMIN_EMAIL: 'boss@example.com', ADMIN_PASSWORD: 'short' }),
      'over 72 bytes': problems({
        ADMIN_EMAIL: 'boss@example.com',
        ADMIN_PASSWORD: 'é'.repeat(37),
      }),
    }).toEqual({
      'only the email': ['ADMIN_EMAIL and ADMIN_PASSWORD must be set together'],
      'not an email': ['ADMIN_EMAIL is not an email address'],
      'too short': ['ADMIN_PASSWORD must be 12 to 128 characters long'],
      'over 72 bytes': ['ADMIN_PASSWORD must not exceed 72 bytes in UTF-8'],
    });
  });

  it('lists every problem at once', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', PORT: 'x', BCRYPT_COST: '4' })).toThrow(
      'invalid configuration: JWT_SECRET is required when NODE_ENV=production; ' +
        'PORT must be an integer from 0 to 65535 (got "x"); ' +
        'BCRYPT_COST must be an integer from 10 to 15 (got "4")',
    );
  });
});

describe('loadConfig: the middleware settings', () => {
  it('reads CORS_ORIGINS as a comma-separated list of origins', () => {
    const { corsOrigins } = loadConfig({
      CORS_ORIGINS: ' https://app.example.com, http://localhost:5173 ,',
    });
    expect(corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173']);
  });

  it('refuses a CORS_ORIGINS entry that is not an origin a browser would send', () => {
    for (const entry of ['app.example.com', 'https://app.example.com/', 'ftp://x.example', '*']) {
      expect(() => loadConfig({ CORS_ORIGINS: entry })).toThrow(/CORS_ORIGINS entry/);
    }
  });

  it('reads TRUST_PROXY as false, a hop count or addresses, and never as true', () => {
    expect(
      ['false', '1', 'loopback', '10.0.0.0/8, ::1'].map(
        (TRUST_PROXY) => loadConfig({ TRUST_PROXY }).trustProxy,
      ),
    ).toEqual([false, 1, ['loopback'], ['10.0.0.0/8', '::1']]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY=true/);
    expect(() => loadConfig({ TRUST_PROXY: 'my-proxy' })).toThrow(/TRUST_PROXY entry/);
  });

  it('logs requests as JSON lines except in development, unless ACCESS_LOG_FORMAT says', () => {
    expect(
      ['development', 'test', 'production'].map(
        (NODE_ENV) => loadConfig({ NODE_ENV, JWT_SECRET: SECRET }).accessLogFormat,
      ),
    ).toEqual(['dev', 'json', 'json']);
    expect(loadConfig({ ACCESS_LOG_FORMAT: 'json' }).accessLogFormat).toBe('json');
    expect(() => loadConfig({ ACCESS_LOG_FORMAT: 'combined' })).toThrow(/ACCESS_LOG_FORMAT/);
  });

  it('reads the rate limits, each a positive whole number', () => {
    const { rateLimit } = loadConfig({
      RATE_LIMIT_WINDOW_MS: '30000',
      RATE_LIMIT_MAX: '50',
      LOGIN_RATE_LIMIT_WINDOW_MS: '600000',
      LOGIN_RATE_LIMIT_MAX: '5',
    });
    expect(rateLimit).toEqual({ windowMs: 30000, max: 50, loginWindowMs: 600000, loginMax: 5 });
    expect(() => loadConfig({ RATE_LIMIT_MAX: '0' })).toThrow(/RATE_LIMIT_MAX/);
    expect(() => loadConfig({ LOGIN_RATE_LIMIT_WINDOW_MS: '999' })).toThrow(
      /LOGIN_RATE_LIMIT_WINDOW_MS/,
    );
  });
});
