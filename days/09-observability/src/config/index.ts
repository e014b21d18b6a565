// The config module is the only place that reads the environment. Everything else receives a
// typed, frozen Config, so a typo in a setting's name is a compile error, not a 3 a.m. incident.
import { randomBytes } from 'node:crypto';
import { type Env, EnvReader } from './env-reader';

export const NODE_ENVS = ['development', 'test', 'production'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

/** From the most to the least verbose; `silent` writes nothing. */
export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** json: one JSON line per request (for machines); dev: morgan's one-line console format. */
export const ACCESS_LOG_FORMATS = ['json', 'dev'] as const;
export type AccessLogFormat = (typeof ACCESS_LOG_FORMATS)[number];

/**
 * Express `trust proxy` values we accept. `true` is deliberately not representable: it
 * trusts every X-Forwarded-For hop, so any client could pick its own IP and dodge rate limits.
 */
export type TrustProxy = false | number | readonly string[];

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  /** 0 asks the OS for a free port (tests, parallel runs). */
  readonly port: number;
  readonly version: string;
  /** The largest JSON request body accepted, in bytes: a bigger one is refused, never buffered. */
  readonly bodyLimitBytes: number;
  /** SQLite file, created with its folder if missing; ':memory:' for a throwaway database. */
  readonly dbPath: string;
  readonly jwt: {
    readonly secret: string;
    /** True when JWT_SECRET was not set and a random per-process secret is used (dev/test only). */
    readonly ephemeralSecret: boolean;
    readonly issuer: string;
    readonly audience: string;
    readonly accessTokenTtlSeconds: number;
    readonly refreshTokenTtlSeconds: number;
  };
  readonly bcrypt: {
    /** The work factor: each step up doubles the time one hash takes. */
    readonly cost: number;
  };
  /** The browser origins allowed to call the API (CORS); empty: none. */
  readonly corsOrigins: readonly string[];
  /** Which proxies in front of the server may say who the client is (X-Forwarded-For). */
  readonly trustProxy: TrustProxy;
  /** The least severe level written (the start and stop lines are written whatever it says). */
  readonly logLevel: LogLevel;
  readonly accessLogFormat: AccessLogFormat;
  /** Requests per client per window on the API, and failed logins per account and client. */
  readonly rateLimit: {
    readonly windowMs: number;
    readonly max: number;
    readonly loginWindowMs: number;
    readonly loginMax: number;
  };
  /** The account start-up creates when no admin exists yet; unset, nobody is created. */
  readonly admin: { readonly email: string; readonly password: string } | undefined;
  /** When set, /metrics requires it as a Bearer token; unset, only loopback scrapers. */
  readonly metricsToken: string | undefined;
}

/** Thrown when the environment cannot produce a valid Config; lists every problem at once. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** 100 KiB, body-parser's default: plenty for JSON commands, small enough to parse cheaply. */
export const DEFAULT_BODY_LIMIT_BYTES = 100 * 1024;
const MAX_BODY_LIMIT_BYTES = 10 * 1024 * 1024;
const MAX_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const DAY_SECONDS = 24 * 60 * 60;
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const DAY = 24 * 60 * MINUTE;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads, validates and freezes the configuration. Pure: it only looks at `env`, so tests
 * pass a plain object instead of mutating process.env.
 */
export function loadConfig(env: Env): Config {
  const read = new EnvReader(env);

  const nodeEnv = read.oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';
  const isTest = nodeEnv === 'test';

  // The HMAC key of every access token: whoever knows it can mint a token for any user.
  const jwtSecret = read.string('JWT_SECRET', '');
  if (jwtSecret === '' && isProduction)
    read.report('JWT_SECRET is required when NODE_ENV=production');
  if (jwtSecret !== '' && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    read.report('JWT_SECRET must be at least 32 bytes long');
  }

  const metricsToken = read.string('METRICS_TOKEN', '');
  if (metricsToken !== '' && metricsToken.length < 16) {
    read.report('METRICS_TOKEN must be at least 16 characters long');
  }

  const config: Config = {
    nodeEnv,
    host: read.string('HOST', '127.0.0.1'),
    port: read.int('PORT', 3000, { min: 0, max: 65535 }),
    // npm sets npm_package_version for the scripts it runs; plain `node` has neither.
    version: read.string('APP_VERSION', read.string('npm_package_version', '0.0.0-dev')),
    bodyLimitBytes: read.int('BODY_LIMIT_BYTES', DEFAULT_BODY_LIMIT_BYTES, {
      min: 1,
      max: MAX_BODY_LIMIT_BYTES,
    }),
    // One file per day snapshot, relative to where the server starts (the repository root for
    // npm run day:9): each day's schema is its own, and final/ uses data/app.db.
    dbPath: read.string('DB_PATH', 'data/day-09.db'),
    jwt: {
      // Outside production a random secret keeps the server usable; tokens die with the process.
      secret: jwtSecret === '' ? randomBytes(48).toString('base64url') : jwtSecret,
      ephemeralSecret: jwtSecret === '',
      issuer: read.string('JWT_ISSUER', 'enterprise-express'),
      audience: read.string('JWT_AUDIENCE', 'enterprise-express-api'),
      accessTokenTtlSeconds: read.int('ACCESS_TOKEN_TTL_SECONDS', MAX_ACCESS_TOKEN_TTL_SECONDS, {
        min: 30,
        max: MAX_ACCESS_TOKEN_TTL_SECONDS,
      }),
      refreshTokenTtlSeconds: read.int('REFRESH_TOKEN_TTL_SECONDS', 7 * DAY_SECONDS, {
        min: 60,
        max: 90 * DAY_SECONDS,
      }),
    },
    bcrypt: {
      // Cost 4 is the bcrypt minimum: fast enough for test suites, far too weak for real users.
      cost: read.int('BCRYPT_COST', isTest ? 4 : 12, { min: isProduction ? 10 : 4, max: 15 }),
    },
    corsOrigins: corsOrigins(read),
    trustProxy: trustProxy(read),
    // Tests build many apps and read what they need from their own logger: silent unless asked.
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, isTest ? 'silent' : 'info'),
    accessLogFormat: read.oneOf(
      'ACCESS_LOG_FORMAT',
      ACCESS_LOG_FORMATS,
      nodeEnv === 'development' ? 'dev' : 'json',
    ),
    rateLimit: {
      windowMs: read.int('RATE_LIMIT_WINDOW_MS', MINUTE, { min: SECOND, max: DAY }),
      max: read.int('RATE_LIMIT_MAX', 300, { min: 1, max: 1_000_000_000 }),
      loginWindowMs: read.int('LOGIN_RATE_LIMIT_WINDOW_MS', 15 * MINUTE, { min: SECOND, max: DAY }),
      loginMax: read.int('LOGIN_RATE_LIMIT_MAX', 10, { min: 1, max: 1_000_000_000 }),
    },
    admin: admin(read),
    metricsToken: metricsToken === '' ? undefined : metricsToken,
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return deepFreeze(config);
}

/**
 * The password rule, shared by ADMIN_PASSWORD and request validation so both enforce one rule.
 * bcrypt reads only the first 72 bytes of a password, in UTF-8: a longer one is refused, not
 * silently truncated.
 */
export function passwordPolicyProblem(password: string): string | undefined {
  if (password.length < 12 || password.length > 128) return 'must be 12 to 128 characters long';
  if (Buffer.byteLength(password, 'utf8') > 72) return 'must not exceed 72 bytes in UTF-8';
  return undefined;
}

/** Both or neither: an admin needs an email and a password that meets the password rule. */
function admin(read: EnvReader): Config['admin'] {
  const email = read.string('ADMIN_EMAIL', '');
  const password = read.string('ADMIN_PASSWORD', '');
  if (email === '' && password === '') return undefined;
  if (email === '' || password === '') {
    read.report('ADMIN_EMAIL and ADMIN_PASSWORD must be set together');
    return undefined;
  }
  if (!EMAIL_PATTERN.test(email)) read.report('ADMIN_EMAIL is not an email address');
  const problem = passwordPolicyProblem(password);
  if (problem) read.report(`ADMIN_PASSWORD ${problem}`);
  return { email: email.trim().toLowerCase(), password };
}

/** Each entry an origin as a browser sends it: scheme, host and port, no path, no slash. */
function corsOrigins(read: EnvReader): string[] {
  return read.list('CORS_ORIGINS').filter((origin) => {
    if (isOrigin(origin)) return true;
    read.report(`CORS_ORIGINS entry "${origin}" is not an origin like https://app.example.com`);
    return false;
  });
}

/** false, a hop count, or the proxies' addresses (IP, CIDR or Express's named ranges). */
function trustProxy(read: EnvReader): TrustProxy {
  const value = read.string('TRUST_PROXY', 'false').trim();
  if (value === 'false') return false;
  if (value === 'true') {
    read.report(
      'TRUST_PROXY=true trusts any client-supplied X-Forwarded-For; use a hop count or proxy addresses',
    );
    return false;
  }
  if (/^\d{1,2}$/.test(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  const named = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const entry of entries) {
    if (!named.has(entry) && !/^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(entry)) {
      read.report(
        `TRUST_PROXY entry "${entry}" is not an IP, CIDR or loopback/linklocal/uniquelocal`,
      );
    }
  }
  return entries;
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

/** Object.freeze is shallow: `config.jwt.secret = ...` would still work without this. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
